import type { components } from '@jlis/portal-client';
import { Field } from '../components/ui';
import { ENVIRONMENT, VERIFIER_KIND } from '../labels';

type Connection = components['schemas']['ConnectionView'];
type CardKind = components['schemas']['CardKindView'];
type Entry = components['schemas']['CatalogueEntry'];

/** What the structured fields choose from: the suite's catalogues and the named contractor's registrations. */
export interface FieldChoices {
  cardKinds: CardKind[];
  connections: Connection[];
  provisionMethods: Entry[];
  verifierKinds: string[];
  /** Connection method code → the name people read (its Japanese part). */
  methodNames: Record<string, string>;
}

/** The structured fields of forms other than A-03-1/A-03-2, as typed strings (one input each). */
export type FieldValues = Record<string, string>;

/** Forms whose fields this module knows; any other form has no structured fields. */
export const STRUCTURED_FORMS = new Set(['A-06', 'A-08-1', 'A-11-1', 'A-11-2', 'URL', 'A-11-3']);

const REASONS: Record<string, string> = {
  initial: '新規',
  'system-change': 'システム変更',
  'member-change': '構成員の変更',
};
const CONTACT_ROLES: Record<string, string> = { primary: '主担当', secondary: '副担当', technical: '技術担当' };

/** The values a form starts with: the first choice of each list, so a form of one choice needs no click. */
export function initialValues(form: string, choices: FieldChoices, today: string): FieldValues {
  const connection = (env: string) =>
    choices.connections.find((c) => c.environment === env && !c.withdrawnAt)?.id ?? '';
  switch (form) {
    case 'A-06':
      return { kind: choices.cardKinds.find((k) => k.active)?.code ?? '', quantity: '1' };
    case 'A-08-1':
      return { connectionId: connection('test'), viaLgpki: 'false' };
    case 'A-11-1':
      return Object.fromEntries(
        choices.verifierKinds.map((k) => [`method.${k}`, choices.provisionMethods[0]?.code ?? '']),
      );
    case 'A-11-2':
      return { startDate: today, connectionId: connection('production'), reason: 'initial' };
    case 'URL':
      return { url: '' };
    case 'A-11-3':
      return { role: 'primary', name: '', department: '', phone: '', email: '' };
    default:
      return {};
  }
}

/** The fields a form's submission carries, built from what was typed and chosen (the suite checks them). */
export function fieldsOf(form: string, v: FieldValues): Record<string, unknown> {
  switch (form) {
    case 'A-06':
      return { cards: [{ kind: v.kind, quantity: Number(v.quantity) }] };
    case 'A-08-1':
      return { connectionId: v.connectionId, viaLgpki: v.viaLgpki === 'true' };
    case 'A-11-1':
      return {
        methods: Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => k.startsWith('method.'))
            .map(([k, method]) => [k.slice('method.'.length), method]),
        ),
      };
    case 'A-11-2':
      return { startDate: v.startDate, connectionId: v.connectionId, reason: v.reason };
    case 'URL':
      return { url: v.url.trim() };
    case 'A-11-3':
      return {
        contacts: [{ role: v.role, name: v.name, department: v.department, phone: v.phone, email: v.email }],
      };
    default:
      return {};
  }
}

/**
 * The inputs of a form's structured fields, each with the refusal for it beside it (`errorFor` takes the field's
 * path as the suite names it, e.g. `cards.0.quantity`).
 */
export function StructuredFields({
  form,
  values,
  set,
  choices,
  errorFor,
}: {
  form: string;
  values: FieldValues;
  set: (name: string, value: string) => void;
  choices: FieldChoices;
  errorFor: (...paths: string[]) => string | undefined;
}) {
  const text = (name: string, label: string, paths: string[], type = 'text') => (
    <Field key={name} label={label} error={errorFor(...paths)}>
      {(p) => <input {...p} type={type} value={values[name] ?? ''} onChange={(e) => set(name, e.target.value)} />}
    </Field>
  );
  const connectionLabel = (c: Connection) =>
    `${ENVIRONMENT[c.environment]} ${choices.methodNames[c.method] ?? c.method} ${c.cidrs.join(', ')}`;
  const connections = (env: string) => (
    <Field
      key="connectionId"
      label={`接続（${ENVIRONMENT[env]}、システム事業者の登録から）`}
      error={errorFor('connectionId')}
    >
      {(p) => (
        <select {...p} value={values.connectionId ?? ''} onChange={(e) => set('connectionId', e.target.value)}>
          <option value="">選んでください</option>
          {choices.connections
            .filter((c) => c.environment === env && !c.withdrawnAt)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {connectionLabel(c)}
              </option>
            ))}
        </select>
      )}
    </Field>
  );
  switch (form) {
    case 'A-06':
      return (
        <>
          <Field label="カードの種類" error={errorFor('cards.0.kind', 'cards')}>
            {(p) => (
              <select {...p} value={values.kind ?? ''} onChange={(e) => set('kind', e.target.value)}>
                {choices.cardKinds
                  .filter((k) => k.active)
                  .map((k) => (
                    <option key={k.code} value={k.code}>
                      {k.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          {text('quantity', '枚数', ['cards.0.quantity'], 'number')}
        </>
      );
    case 'A-08-1':
      return (
        <>
          {connections('test')}
          <label className="choice">
            <input
              type="checkbox"
              checked={values.viaLgpki === 'true'}
              onChange={(e) => set('viaLgpki', String(e.target.checked))}
            />
            LGPKI を経由して接続する
          </label>
        </>
      );
    case 'A-11-1':
      return (
        <>
          {choices.verifierKinds.map((kind) => (
            <Field
              key={kind}
              label={`提供方法(${VERIFIER_KIND[kind] ?? kind})`}
              error={errorFor(`methods.${kind}`, 'methods')}
            >
              {(p) => (
                <select
                  {...p}
                  value={values[`method.${kind}`] ?? ''}
                  onChange={(e) => set(`method.${kind}`, e.target.value)}
                >
                  {choices.provisionMethods.map((m) => (
                    <option key={m.code} value={m.code}>
                      {m.nameJa}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ))}
        </>
      );
    case 'A-11-2':
      return (
        <>
          {text('startDate', 'アクセス開始日', ['startDate'], 'date')}
          {connections('production')}
          <Field label="申請の理由" error={errorFor('reason')}>
            {(p) => (
              <select {...p} value={values.reason ?? 'initial'} onChange={(e) => set('reason', e.target.value)}>
                {Object.entries(REASONS).map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      );
    case 'URL':
      return text('url', '公開する URL', ['url'], 'url');
    case 'A-11-3':
      return (
        <fieldset>
          <legend>連絡先</legend>
          <Field label="役割" error={errorFor('contacts.0.role')}>
            {(p) => (
              <select {...p} value={values.role ?? 'primary'} onChange={(e) => set('role', e.target.value)}>
                {Object.entries(CONTACT_ROLES).map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('name', '連絡先の氏名', ['contacts.0.name'])}
          {text('department', '連絡先の部署', ['contacts.0.department'])}
          {text('phone', '連絡先の電話番号', ['contacts.0.phone'], 'tel')}
          {text('email', '連絡先のメールアドレス', ['contacts.0.email'], 'email')}
        </fieldset>
      );
    default:
      return null;
  }
}
