import { useId, type ReactNode } from 'react';
import type { Shown } from '../problems';

/** The page's refusal, announced to screen readers as it appears. */
export function ProblemBanner({ shown }: { shown?: Shown }) {
  if (!shown) return null;
  return (
    <div role="alert" className="problem">
      {shown.message}
    </div>
  );
}

/**
 * A labelled field with the refusal of the suite for it right below, tied to the input (aria-describedby,
 * aria-invalid) so a screen reader reads the message with the field.
 */
export function Field({
  label,
  error,
  children,
  hint,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true } : {}), 'aria-describedby': described })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function Progress({ fraction, label }: { fraction: number; label: string }) {
  const percent = Math.round(fraction * 100);
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label={label} />
      <span>{percent}%</span>
    </div>
  );
}

export function Loading() {
  return (
    <p role="status" className="loading">
      読み込み中…
    </p>
  );
}
