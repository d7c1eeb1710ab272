import { AccessEvents } from '../access/access.events';
import { DocumentsEvents } from '../documents/documents.events';
import { changesFor, transitionsFor } from './step-table';

const steps = (type: string, payload: Record<string, unknown>) =>
  transitionsFor(type, payload).map((t) => `${t.step}:${t.status}`);

describe('access step rows', () => {
  it('marks A-8 done on an accepted A-08-1 or a test connection link, not on other forms', () => {
    expect(steps(DocumentsEvents.SubmissionAccepted, { form: 'A-08-1' })).toContain('A-8:done');
    expect(steps(DocumentsEvents.SubmissionAccepted, { form: 'A-11-2' })).not.toContain('A-8:done');
    expect(steps(AccessEvents.ConnectionLinked, { environment: 'test' })).toEqual(['A-8:done', 'A-9:open']);
  });

  it('marks A-9 on a test grant, A-11 on production ready, A-12 scheduled then done', () => {
    expect(steps(AccessEvents.GrantCreated, { environment: 'test', status: 'active' })).toEqual(['A-9:done']);
    expect(steps(AccessEvents.ProductionReady, { applicationId: 'x' })).toEqual(['A-12:open', 'A-11:done']);
    const scheduled = transitionsFor(AccessEvents.GrantCreated, {
      environment: 'production',
      status: 'scheduled',
      effectiveOn: '2026-05-01',
      supersedes: null,
    });
    expect(scheduled).toEqual([
      expect.objectContaining({ step: 'A-12', status: 'scheduled', effectiveOnField: 'effectiveOn' }),
    ]);
    expect(steps(AccessEvents.GrantCreated, { environment: 'production', status: 'active', supersedes: null })).toEqual(
      ['A-12:done'],
    );
    expect(steps(AccessEvents.GrantEffective, { environment: 'production', supersedes: null })).toEqual(['A-12:done']);
  });

  it('lists an A-13 grant as a change and leaves A-12 alone', () => {
    const payload = { environment: 'production', status: 'scheduled', supersedes: 'g1' };
    expect(steps(AccessEvents.GrantCreated, payload)).toEqual([]);
    expect(changesFor(AccessEvents.GrantCreated, payload).map((c) => c.kind)).toEqual(['access-change-granted']);
    expect(changesFor(AccessEvents.GrantEffective, payload).map((c) => c.kind)).toEqual(['access-change-effective']);
  });
});
