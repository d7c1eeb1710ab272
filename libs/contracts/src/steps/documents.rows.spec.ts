import { DocumentsEvents } from '../documents/documents.events';
import { changesFor, transitionsFor } from './step-table';

const steps = (type: string, payload: Record<string, unknown>) =>
  transitionsFor(type, payload)
    .filter((row) => ['A-3', 'A-4', 'A-5', 'A-6', 'A-7'].includes(row.step))
    .map((row) => `${row.step}:${row.status}`);

describe('documents step rows', () => {
  it('opens A-4 for the operator while an A-3 form awaits review, not after the applications are complete', () => {
    expect(steps(DocumentsEvents.SubmissionReceived, { form: 'A-03-1' })).toEqual(['A-4:open']);
    expect(steps(DocumentsEvents.SubmissionReceived, { form: 'A-03-2', afterCompletion: true })).toEqual([]);
    expect(steps(DocumentsEvents.SubmissionReceived, { form: 'A-06' })).toEqual([]);
  });

  it('closes A-3 and A-4 and opens A-7 on completion; A-5 done and A-6 open on delivery; A-7 done with the effective date', () => {
    expect(steps(DocumentsEvents.ApplicationsCompleted, {})).toEqual(['A-3:done', 'A-4:done', 'A-7:open', 'A-5:open']);
    expect(steps(DocumentsEvents.SpecDelivered, {})).toEqual(['A-5:done', 'A-6:open']);
    const [agreement] = transitionsFor(DocumentsEvents.AgreementConcluded, { effectiveFrom: '2027-02-01' }).filter(
      (r) => r.step === 'A-7',
    );
    expect(agreement).toMatchObject({ status: 'done', effectiveOnField: 'effectiveFrom' });
  });

  it('lists A-13 changes: accepted A-11-2 for a system or member change, accepted A-11-3 after go-live', () => {
    const kinds = (payload: Record<string, unknown>) =>
      changesFor(DocumentsEvents.SubmissionAccepted, payload).map((c) => c.kind);
    expect(kinds({ form: 'A-11-2', fields: { reason: 'initial' } })).toEqual([]);
    expect(kinds({ form: 'A-11-2', fields: { reason: 'system-change' } })).toEqual(['system-change']);
    expect(kinds({ form: 'A-11-2', fields: { reason: 'member-change' } })).toEqual(['member-change']);
    expect(kinds({ form: 'A-11-3', fields: {}, afterGoLive: false })).toEqual([]);
    expect(kinds({ form: 'A-11-3', fields: {}, afterGoLive: true })).toEqual(['contact-change']);
  });
});
