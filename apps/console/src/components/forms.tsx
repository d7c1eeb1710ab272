import type { Shown } from '../problems';
import { Field } from './ui';

/**
 * Several values chosen with check boxes under one legend (specification items, card serials), the refusal for the
 * set right below it.
 */
export function ChoiceSet({
  legend,
  options,
  chosen,
  onChange,
  error,
}: {
  legend: string;
  options: { value: string; label: string }[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error?: string;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input
            type="checkbox"
            checked={chosen.includes(option.value)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, option.value] : chosen.filter((v) => v !== option.value))
            }
          />
          {option.label}
        </label>
      ))}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

/** What J-LIS records when it sends something by carrier (a card loan, specifications on CD-ROM). */
export interface Shipment {
  carrier: string;
  trackingNumber: string;
  shippedOn: string;
}

/** The carrier, tracking number and date of a shipment, each with its refusal. */
export function ShipmentFields({
  value,
  onChange,
  shown,
}: {
  value: Shipment;
  onChange: (value: Shipment) => void;
  shown?: Shown;
}) {
  return (
    <>
      <Field label="運送会社" error={shown?.fields.carrier}>
        {(p) => (
          <input {...p} value={value.carrier} onChange={(e) => onChange({ ...value, carrier: e.target.value })} />
        )}
      </Field>
      <Field label="追跡番号" error={shown?.fields.trackingNumber}>
        {(p) => (
          <input
            {...p}
            value={value.trackingNumber}
            onChange={(e) => onChange({ ...value, trackingNumber: e.target.value })}
          />
        )}
      </Field>
      <Field label="発送日" error={shown?.fields.shippedOn}>
        {(p) => (
          <input
            {...p}
            type="date"
            value={value.shippedOn}
            onChange={(e) => onChange({ ...value, shippedOn: e.target.value })}
          />
        )}
      </Field>
    </>
  );
}
