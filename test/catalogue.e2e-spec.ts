// The event catalogue (docs/events/) against the code: current, and never changed in a way that breaks a consumer
// without the type's version being raised. The second half makes such a change on a scratch copy of the repository's
// contracts and catalogue, and watches the check refuse it, then accept it once the version is raised with an upcast.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { breakingChanges, generate, inRoot, problems, write, type JsonSchema } from '../scripts/lib/event-catalogue';

const ROOT = path.resolve(__dirname, '..');
const committed = (name: string): JsonSchema =>
  JSON.parse(readFileSync(path.join(ROOT, 'docs', 'events', name), 'utf8')) as JsonSchema;

describe('the committed event catalogue', () => {
  it('matches the contracts and breaks no consumer of the committed versions', () => {
    expect(problems()).toEqual([]);
  });

  it('has a schema and a producer for every catalogued type, and names who consumes the main ones', () => {
    const { schemas, files } = generate();
    expect(Object.keys(schemas).length).toBeGreaterThanOrEqual(50);
    const index = files['README.md'];
    // Read from the code: cards opens loans from accepted A-06s, access keeps its A-11 projection from them.
    expect(index).toMatch(/\| `documents\.submission\.accepted` \| 1 \| documents \| access, cards, /);
    expect(index).toMatch(/\| `intake\.application\.qualified` \| 1 \| intake \| access, cards, documents, /);
  });
});

describe('what breaks a consumer (scripts/lib/event-compat.js)', () => {
  const base = committed('intake.application.requested.v1.json');
  const payload = (schema: JsonSchema): JsonSchema => {
    const copy = JSON.parse(JSON.stringify(schema)) as JsonSchema;
    for (const key of Object.keys(copy)) if (key.startsWith('x-') || key.startsWith('$')) delete copy[key];
    return copy;
  };
  const application = (schema: JsonSchema) =>
    (schema.properties as Record<string, JsonSchema>).application as {
      properties: Record<string, JsonSchema>;
      required: string[];
    };
  const changed = (edit: (s: JsonSchema) => void): string[] => {
    const after = payload(base);
    edit(after);
    return breakingChanges(payload(base), after);
  };

  it('accepts a new optional field and a changed comment', () => {
    expect(
      changed((s) => {
        application(s).properties.nickname = { type: 'string' };
        (s as { description?: string }).description = 'reworded';
      }),
    ).toEqual([]);
  });

  it('refuses a removed field, a retyped field, a new required field and a changed set of values', () => {
    expect(changed((s) => delete application(s).properties.verifierName)).toEqual([
      'payload.application.verifierName: removed',
    ]);
    expect(changed((s) => (application(s).properties.wantsOnlineTest = { type: 'string' }))).toEqual([
      'payload.application.wantsOnlineTest: type changed from boolean to string',
    ]);
    expect(
      changed((s) => {
        application(s).properties.region = { type: 'string' };
        application(s).required.push('region');
      }),
    ).toEqual(['payload.application.region: added as required']);
    expect(
      changed((s) => {
        const status = application(s).properties.status as { enum: string[] };
        status.enum = [...status.enum, 'archived'];
      }),
    ).toEqual([expect.stringMatching(/^payload\.application\.status: values changed/)]);
    expect(changed((s) => (application(s).properties.organizationName = { type: ['string', 'null'] }))).toEqual([
      'payload.application.organizationName: type changed from string to null|string',
    ]);
  });
});

describe('a deliberately breaking change, on a scratch copy', () => {
  let scratch: string;
  const catalogue = () => path.join(scratch, 'libs', 'contracts', 'src', 'events', 'catalogue.ts');
  const cardsEvents = () => path.join(scratch, 'libs', 'contracts', 'src', 'cards', 'cards.events.ts');

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'jlis-events-'));
    for (const part of [
      'libs/contracts/src',
      'libs/contracts/tsconfig.lib.json',
      'libs/contracts/tsconfig.json',
      'docs/events',
      'tsconfig.base.json',
    ])
      cpSync(path.join(ROOT, part), path.join(scratch, part), { recursive: true });
    for (const service of ['intake', 'documents', 'cards', 'access', 'notifications', 'gateway'])
      cpSync(path.join(ROOT, 'apps', service, 'src'), path.join(scratch, 'apps', service, 'src'), { recursive: true });
    // The breaking change: StockLow's `threshold` renamed (a removed field and a new required one to its consumers).
    const text = readFileSync(cardsEvents(), 'utf8');
    const renamed = text.replace(
      /(export interface StockLowPayload \{[^}]*?)\bthreshold: number;/s,
      '$1lowAt: number;',
    );
    expect(renamed).not.toEqual(text);
    writeFileSync(cardsEvents(), renamed);
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is refused at the same version, and `npm run events` writes nothing', () => {
    const found = inRoot(scratch, () => problems(generate({ rpc: false })));
    expect(found).toContainEqual(
      expect.stringMatching(
        /^cards\.stock\.low v1 changed in a way that breaks its consumers \(payload\.threshold: removed; payload\.lowAt: added as required\)/,
      ),
    );
    const before = readFileSync(path.join(scratch, 'docs', 'events', 'cards.stock.low.v1.json'), 'utf8');
    expect(inRoot(scratch, () => write({ rpc: false })).written).toEqual([]);
    expect(readFileSync(path.join(scratch, 'docs', 'events', 'cards.stock.low.v1.json'), 'utf8')).toEqual(before);
  });

  it('is refused with a raised version but no upcast from the previous one', () => {
    writeFileSync(
      catalogue(),
      readFileSync(catalogue(), 'utf8').replace(
        `'cards.stock.low': { version: 1 },`,
        `'cards.stock.low': { version: 2 },`,
      ),
    );
    expect(inRoot(scratch, () => problems(generate({ rpc: false })))).toContainEqual(
      'cards.stock.low is at v2 without an upcast from v1 in EVENT_VERSIONS.',
    );
  });

  it('is accepted with the version raised and an upcast: v2 is written beside v1, which stays', () => {
    writeFileSync(
      catalogue(),
      readFileSync(catalogue(), 'utf8').replace(
        `'cards.stock.low': { version: 2 },`,
        `'cards.stock.low': { version: 2, upcast: (p) => ({ ...(p as object), lowAt: p.threshold }) as never },`,
      ),
    );
    const { refused, written } = inRoot(scratch, () => write({ rpc: false }));
    expect(refused).toEqual([]);
    expect(written).toEqual(expect.arrayContaining(['cards.stock.low.v2.json', 'README.md']));
    expect(existsSync(path.join(scratch, 'docs', 'events', 'cards.stock.low.v1.json'))).toBe(true);
    expect(inRoot(scratch, () => problems(generate({ rpc: false })))).toEqual([]);
  });
});
