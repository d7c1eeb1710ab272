import { IntakeEvents } from '../intake/intake.events';
import { changesFor } from './step-table';

describe('intake change rows', () => {
  const kinds = (payload: Record<string, unknown>) =>
    changesFor(IntakeEvents.ApplicationContractorNamed, payload).map((c) => c.kind);

  it('lists naming another contractor as an A-13 change, not the first naming', () => {
    expect(kinds({ application: { contractorId: 'c-2' }, previousContractorId: 'c-1' })).toEqual(['contractor-change']);
    expect(kinds({ application: { contractorId: 'c-1' }, previousContractorId: null })).toEqual([]);
    expect(kinds({ application: { contractorId: 'c-1' } })).toEqual([]);
  });
});
