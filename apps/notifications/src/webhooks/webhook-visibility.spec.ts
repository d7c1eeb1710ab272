import type { ApplicationSnapshot, Caller } from '@jlis/contracts';
import { eventReach, mayReceive } from './webhook-visibility';

const snapshot = { id: 'a1', organizationCode: '131016', contractorId: 'c1' } as ApplicationSnapshot;
const contractor: Caller = { sub: 'portal', role: 'contractor', contractor: 'c1' };
const applicant: Caller = { sub: 'portal', role: 'applicant', org: '131016' };

describe('webhook visibility', () => {
  it('gives each event the reach of the read that shows it', () => {
    expect(eventReach('documents.question.asked', {})).toBe('confidential');
    expect(eventReach('documents.agreement.concluded', {})).toBe('confidential');
    expect(eventReach('documents.spec.delivered', {})).toBe('confidential');
    expect(eventReach('documents.submission.accepted', { form: 'A-03-3' })).toBe('confidential');
    expect(eventReach('documents.submission.accepted', { form: 'A-08-1' })).toBe('case');
    expect(eventReach('intake.application.qualified', { application: {} })).toBe('case');
    expect(eventReach('access.grant.created', {})).toBe('case');
  });

  it("sends the named contractor what the case shows it, and what only the NDA covers to nobody but the organisation's", () => {
    expect(mayReceive(contractor, snapshot, 'case')).toBe(true);
    expect(mayReceive(contractor, snapshot, 'confidential')).toBe(false);
    expect(mayReceive(applicant, snapshot, 'confidential')).toBe(true);
    expect(mayReceive({ ...contractor, contractor: 'c2' }, snapshot, 'case')).toBe(false);
    expect(mayReceive({ ...applicant, org: '131041' }, snapshot, 'case')).toBe(false);
  });
});
