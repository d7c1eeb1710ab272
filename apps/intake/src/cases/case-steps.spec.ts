import { IntakeEvents, STEP_DEFINITIONS, STEP_TABLE, StepTransition, transitionsFor } from '@jlis/contracts';
import {
  applyTransitions,
  caseSteps,
  contractorA0302Action,
  lgpkiTaskAction,
  nextActions,
  RecordedSteps,
  waitingFor,
} from './case-steps';

const at = '2026-11-26T00:00:00.000Z';
const facts = { status: 'requested' as const, wantsOnlineTest: true, requestedAt: at };
const statusOf = (steps: ReturnType<typeof caseSteps>) => Object.fromEntries(steps.map((s) => [s.code, s.status]));

describe('case steps', () => {
  it('shows A-1 done, A-2 open for the operator and later steps waiting after A-1', () => {
    const sut = caseSteps(applyTransitions({}, transitionsFor(IntakeEvents.ApplicationRequested, {}), at, {}), facts);
    expect(sut.map((s) => s.code)).toEqual([
      'A-1',
      'A-2',
      'A-3',
      'A-4',
      'A-5',
      'A-6',
      'A-7',
      'A-8',
      'A-9',
      'A-10',
      'A-11',
      'A-12',
    ]);
    expect(statusOf(sut)).toMatchObject({ 'A-1': 'done', 'A-2': 'open', 'A-3': 'waiting', 'A-12': 'waiting' });
    expect(sut[0].at).toBe(at);
    expect(nextActions(sut, ['signature'])).toEqual([
      expect.objectContaining({
        step: 'A-2',
        actor: 'operator',
        action: '署名検証者の資格を確認する / confirm qualification',
      }),
    ]);
    expect(nextActions(sut, ['user-certificate'])[0].action).toBe(
      '利用者証明検証者の資格を確認する / confirm qualification',
    );
    expect(nextActions(sut, ['user-certificate', 'signature'])[0].action).toBe(
      '署名検証者・利用者証明検証者の資格を確認する / confirm qualification',
    );
    expect(waitingFor(sut)).toEqual(['operator']);
  });

  it('opens A-3 for the applicant once qualified', () => {
    let recorded = applyTransitions({}, transitionsFor(IntakeEvents.ApplicationRequested, {}), at, {});
    recorded = applyTransitions(
      recorded,
      transitionsFor(IntakeEvents.ApplicationQualified, {}),
      '2026-11-27T00:00:00.000Z',
      {},
    );
    const sut = caseSteps(recorded, { ...facts, status: 'qualified' });
    expect(statusOf(sut)).toMatchObject({ 'A-1': 'done', 'A-2': 'done', 'A-3': 'open', 'A-4': 'waiting' });
    expect(waitingFor(sut)).toEqual(['applicant']);
  });

  it('marks every step not done as not-needed on a rejected case', () => {
    let recorded = applyTransitions({}, transitionsFor(IntakeEvents.ApplicationRequested, {}), at, {});
    recorded = applyTransitions(recorded, transitionsFor(IntakeEvents.ApplicationRejected, {}), at, {});
    const sut = caseSteps(recorded, { ...facts, status: 'rejected' });
    expect(statusOf(sut)).toMatchObject({ 'A-1': 'done', 'A-2': 'done', 'A-3': 'not-needed', 'A-12': 'not-needed' });
    expect(nextActions(sut, ['signature'])).toEqual([]);
  });

  it('never writes one verifier kind into a step: every title and action names the case’s own kinds', () => {
    for (const d of STEP_DEFINITIONS) expect(`${d.title} ${d.action}`).not.toMatch(/署名検証|利用者証明/);
  });

  it('marks A-8 and A-9 not-needed without the online test, unless already done', () => {
    expect(statusOf(caseSteps({}, { ...facts, wantsOnlineTest: false }))).toMatchObject({
      'A-8': 'not-needed',
      'A-9': 'not-needed',
      'A-10': 'waiting',
    });
    const done = caseSteps({ 'A-9': { status: 'done', at } }, { ...facts, wantsOnlineTest: false });
    expect(statusOf(done)).toMatchObject({ 'A-8': 'not-needed', 'A-9': 'done' });
  });

  it('applies any row generically, with its effectiveOn field', () => {
    const row = {
      event: 'access.grant.created',
      step: 'A-12' as const,
      status: 'scheduled' as const,
      effectiveOnField: 'effectiveOn',
    };
    const sut = caseSteps(applyTransitions({}, [row], at, { effectiveOn: '2026-12-01' }), {
      ...facts,
      status: 'qualified',
    });
    expect(sut.find((s) => s.code === 'A-12')).toEqual({
      code: 'A-12',
      status: 'scheduled',
      at,
      effectiveOn: '2026-12-01',
    });
  });

  it('takes intake rows from the shared step table', () => {
    expect(
      STEP_TABLE.filter((r) => r.event.startsWith('intake.')).map((r) => `${r.event}:${r.step}:${r.status}`),
    ).toEqual([
      'intake.application.requested:A-1:done',
      'intake.application.qualified:A-2:done',
      'intake.application.rejected:A-2:done',
      'intake.application.qualified:A-3:open',
    ]);
  });

  it('never reopens a step that is done when a late or repeated event arrives', () => {
    const done = applyTransitions({}, [{ event: 'x', step: 'A-6', status: 'done' }], '2026-11-26T00:00:00Z', {});
    const sut = applyTransitions(done, [{ event: 'y', step: 'A-6', status: 'open' }], '2026-11-27T00:00:00Z', {});
    expect(sut['A-6']).toEqual({ status: 'done', at: '2026-11-26T00:00:00Z' });
  });

  it('leaves every step the same whatever order its events arrive in', () => {
    const events: [StepTransition[], string, string][] = [
      [[{ event: 'spec', step: 'A-6', status: 'open' }], '2026-11-26T01:00:00Z', 'e1'],
      [[{ event: 'waiting', step: 'A-6', status: 'waiting' }], '2026-11-26T02:00:00Z', 'e2'],
      [[{ event: 'allocated', step: 'A-6', status: 'open' }], '2026-11-26T03:00:00Z', 'e3'],
      [[{ event: 'agreed', step: 'A-7', status: 'done', effectiveOnField: 'd' }], '2026-11-26T04:00:00Z', 'e4'],
      [[{ event: 'amended', step: 'A-7', status: 'done', effectiveOnField: 'd' }], '2026-11-26T05:00:00Z', 'e5'],
      [[{ event: 'open-again', step: 'A-7', status: 'open' }], '2026-11-26T06:00:00Z', 'e6'],
      [[{ event: 'same-instant', step: 'A-8', status: 'open' }], '2026-11-26T07:00:00Z', 'e7'],
      [[{ event: 'same-instant', step: 'A-8', status: 'waiting' }], '2026-11-26T07:00:00Z', 'e8'],
    ];
    const payloads: Record<string, Record<string, unknown>> = { e4: { d: '2026-12-01' }, e5: { d: '2026-12-15' } };
    const apply = (order: typeof events) =>
      order.reduce<RecordedSteps>((r, [rows, at, id]) => applyTransitions(r, rows, at, payloads[id] ?? {}, id), {});
    const inOrder = apply(events);
    expect(inOrder['A-6']).toMatchObject({ status: 'open', eventId: 'e3' });
    expect(inOrder['A-7']).toMatchObject({ status: 'done', effectiveOn: '2026-12-15' });
    expect(inOrder['A-8']).toMatchObject({ status: 'waiting', eventId: 'e8' });
    expect(apply([...events].reverse())).toEqual(inOrder);
    // A few more orders: rotations of the list.
    for (let i = 1; i < events.length; i++) expect(apply([...events.slice(i), ...events.slice(0, i)])).toEqual(inOrder);
  });
});

describe('A-10 and the end of the test', () => {
  const at = '2026-11-26T00:00:00.000Z';
  const cardsBack = { 'A-10': { status: 'done' as const, at } };
  const a10 = (facts: { wantsOnlineTest: boolean; testCompletedOn?: string | null }) =>
    caseSteps(cardsBack, { status: 'qualified', requestedAt: at, ...facts }).find((s) => s.code === 'A-10')!.status;

  it('stays open after the cards are back until a case that wanted the online test records the end', () => {
    expect(a10({ wantsOnlineTest: true, testCompletedOn: null })).toBe('open');
    expect(a10({ wantsOnlineTest: true, testCompletedOn: '2026-11-25' })).toBe('done');
  });

  it('is done with the cards alone for a case that tested without the online environment', () => {
    expect(a10({ wantsOnlineTest: false })).toBe('done');
  });
});

describe(lgpkiTaskAction.name, () => {
  const contacts = [{ name: 'LGWAN全国センター', email: 'a@b.jp', network: 'internet' as const }];

  it('asks a case verifying via LGPKI for the task, with the center’s addresses, until it is recorded or the case ends', () => {
    expect(lgpkiTaskAction({ viaLgpki: true, lgwanTaskDone: false, status: 'qualified' }, contacts)).toEqual([
      { step: 'A-8', actor: 'applicant', action: expect.stringContaining('LGWAN全国センター'), contacts },
    ]);
    expect(lgpkiTaskAction({ viaLgpki: true, lgwanTaskDone: true, status: 'qualified' }, contacts)).toEqual([]);
    expect(lgpkiTaskAction({ viaLgpki: false, lgwanTaskDone: false, status: 'qualified' }, contacts)).toEqual([]);
    expect(lgpkiTaskAction({ viaLgpki: true, lgwanTaskDone: false, status: 'withdrawn' }, contacts)).toEqual([]);
  });
});

describe(contractorA0302Action.name, () => {
  const facts = { contractorId: 'c-2', a0302Contractors: ['c-1'], a3Done: true, status: 'live' as const };

  it('asks for the A-03-2 of a contractor named after A-3, until one naming it is accepted', () => {
    expect(contractorA0302Action(facts)).toEqual([
      { step: 'A-3', actor: 'applicant', action: expect.stringContaining('A-03-2') },
    ]);
    expect(contractorA0302Action({ ...facts, a0302Contractors: ['c-1', 'c-2'] })).toEqual([]);
    expect(contractorA0302Action({ ...facts, a3Done: false })).toEqual([]);
    expect(contractorA0302Action({ ...facts, contractorId: null })).toEqual([]);
    expect(contractorA0302Action({ ...facts, status: 'revoked' })).toEqual([]);
  });
});
