import { useEffect, useState, type FormEvent } from 'react';
import type { components } from '@jlis/portal-client';
import { ok, portal, saveBlob, settled, uploadTransport } from '../api';
import { Field, ProblemBanner, Progress } from '../components/ui';
import { todayInJapan } from '../labels';
import { japanese, shownProblem, type Shown } from '../problems';
import { fieldsOf as structuredFields, initialValues, StructuredFields, type FieldChoices } from './FormFields';

type Catalogue = components['schemas']['FormCatalogue'];
type Submission = components['schemas']['SubmissionView'];

/** Forms whose fields are a list of spec items: chosen with check boxes. */
const ITEM_FORMS = new Set(['A-03-1', 'A-03-2']);

/** The reasons of the latest returned round of `form`, by the field they name ('' for the whole document). */
export function returnedReasons(submissions: Submission[], form: string): Record<string, string[]> {
  const rounds = submissions.filter((s) => s.form === form).sort((a, b) => b.series - a.series || b.round - a.round);
  const latest = rounds[0];
  if (latest?.status !== 'returned') return {};
  const byField: Record<string, string[]> = {};
  for (const reason of latest.review?.reasons ?? []) (byField[reason.field ?? ''] ??= []).push(reason.message);
  return byField;
}

/** An applicant submits a form: its fields and its file, with the upload's progress. */
export function SubmitForm({
  caseId,
  contractorId,
  verifierKinds,
  submissions,
  onDone,
}: {
  caseId: string;
  contractorId?: string | null;
  verifierKinds: string[];
  submissions: Submission[];
  onDone: () => void;
}) {
  const [catalogue, setCatalogue] = useState<Catalogue>();
  const [form, setForm] = useState('A-03-1');
  const [items, setItems] = useState<string[]>([]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [choices, setChoices] = useState<FieldChoices>({
    cardKinds: [],
    connections: [],
    provisionMethods: [],
    verifierKinds,
    methodNames: {},
  });
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  // A new key empties the file input after a submission (its value cannot be set).
  const [sent, setSent] = useState(0);
  const [shown, setShown] = useState<Shown>();

  useEffect(() => {
    const client = portal();
    Promise.all([ok(client.GET('/api/v1/forms')), ok(client.GET('/api/v1/card-kinds'))])
      .then(([forms, kinds]) => {
        setCatalogue(forms);
        setChoices((c) => ({ ...c, cardKinds: kinds.items, provisionMethods: forms.provisionMethods, verifierKinds }));
      })
      .catch((error) => setShown(shownProblem(error)));
  }, [verifierKinds.join()]);
  // The named contractor's registrations, read when a form that names one is chosen (they may be new since).
  const needsConnection = form === 'A-08-1' || form === 'A-11-2';
  useEffect(() => {
    if (!needsConnection || !contractorId) return;
    const client = portal();
    Promise.all([
      ok(client.GET('/api/v1/contractors/{cid}/connections', { params: { path: { cid: contractorId } } })),
      ok(client.GET('/api/v1/connection-methods')),
    ])
      .then(([answer, methods]) =>
        setChoices((c) => ({
          ...c,
          connections: answer.items,
          methodNames: Object.fromEntries(methods.items.map((m) => [m.code, japanese(m.name)])),
        })),
      )
      .catch((error) => setShown(shownProblem(error)));
  }, [needsConnection, contractorId]);
  // Each form starts from its own defaults (the first registration, today) once the choices are known.
  useEffect(() => setValues(initialValues(form, choices, todayInJapan())), [form, choices]);

  const returned = returnedReasons(submissions, form);
  const template = catalogue?.items.find((f) => f.code === form)?.latestTemplate;
  // The form's template (様式のひな形), fetched with the token and handed to the browser as a file.
  const downloadTemplate = async () => {
    if (!template) return;
    try {
      const blob = await ok(
        portal().GET('/api/v1/forms/{code}/templates/{version}/content', {
          params: { path: { code: form, version: String(template.version) } },
          parseAs: 'blob',
        }),
      );
      saveBlob(blob, template.file.filename);
    } catch (error) {
      setShown(shownProblem(error));
    }
  };
  const fieldsOf = (): Record<string, unknown> => {
    if (form === 'A-03-1') return { items };
    if (form === 'A-03-2') return { contractorId: contractorId ?? '', items };
    return structuredFields(form, values);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShown(undefined);
    const fields = fieldsOf();
    if (!file) {
      setShown({ message: '入力内容を確認してください。', fields: { file: 'ファイルを選んでください。' } });
      return;
    }
    setProgress(0);
    try {
      const client = portal(uploadTransport(setProgress));
      await settled(() =>
        ok(
          client.POST('/api/v1/applications/{id}/submissions', {
            params: { path: { id: caseId } },
            body: { form, fields: JSON.stringify(fields), file: file as unknown as string },
            bodySerializer: (body) => {
              const data = new FormData();
              data.set('form', body.form);
              data.set('fields', body.fields);
              data.set('file', file, file.name);
              return data;
            },
          }),
        ),
      );
      setFile(undefined);
      setSent(sent + 1);
      onDone();
    } catch (error) {
      setShown(shownProblem(error));
    } finally {
      setProgress(undefined);
    }
  };

  // The suite names a structured field by its path, with or without the `fields.` of the multipart part.
  const shownFor = (field: string) =>
    [shown?.fields[field], shown?.fields[`fields.${field}`], ...(returned[field] ?? [])].filter(Boolean).join(' ');
  const errorFor = (...paths: string[]) => paths.map(shownFor).filter(Boolean).join(' ') || undefined;

  return (
    <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="submit-title">
      <h2 id="submit-title">書類の提出</h2>
      <ProblemBanner shown={shown} />
      <Field label="様式" error={shown?.fields.form}>
        {(p) => (
          <select {...p} value={form} onChange={(e) => setForm(e.target.value)}>
            {(catalogue?.items ?? [{ code: 'A-03-1', nameJa: '' }]).map((f) => (
              <option key={f.code} value={f.code}>
                {f.code} {f.nameJa}
              </option>
            ))}
          </select>
        )}
      </Field>
      {template && (
        <p>
          <button type="button" className="secondary" onClick={() => void downloadTemplate()}>
            {form} のひな形(第{template.version}版)をダウンロード
          </button>
        </p>
      )}
      {returned[''] && (
        <div className="returned" role="note">
          前回の差戻し理由: {returned[''].join(' ')}
        </div>
      )}
      {ITEM_FORMS.has(form) ? (
        <fieldset aria-describedby={shownFor('items') ? 'items-error' : undefined}>
          <legend>提供を受ける仕様書等</legend>
          {(catalogue?.specItems ?? []).map((item) => (
            <label key={item.code} className="choice">
              <input
                type="checkbox"
                checked={items.includes(item.code)}
                onChange={(e) =>
                  setItems(e.target.checked ? [...items, item.code] : items.filter((code) => code !== item.code))
                }
              />
              {item.nameJa}
            </label>
          ))}
          {shownFor('items') && (
            <p id="items-error" className="field-error">
              {shownFor('items')}
            </p>
          )}
        </fieldset>
      ) : (
        <StructuredFields
          form={form}
          values={values}
          set={(name, value) => setValues({ ...values, [name]: value })}
          choices={choices}
          errorFor={errorFor}
        />
      )}
      <Field label="ファイル(PDF)" error={shownFor('file') || undefined}>
        {(p) => (
          <input
            {...p}
            key={sent}
            type="file"
            accept="application/pdf"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        )}
      </Field>
      {progress !== undefined && <Progress fraction={progress} label="アップロードの進み具合" />}
      <button type="submit" disabled={progress !== undefined}>
        {progress !== undefined ? '送信中…' : '提出する'}
      </button>
    </form>
  );
}
