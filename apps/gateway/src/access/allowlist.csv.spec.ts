import { allowlistCsv } from './allowlist.csv';

describe('allowlistCsv', () => {
  it('writes one row per CIDR with the cases joined, and defuses cells a spreadsheet would run as formulas', () => {
    const sut = allowlistCsv({
      environment: 'production',
      date: '2026-05-10',
      entries: [
        {
          cidr: '2001:db8:aa::/48',
          environment: 'production',
          method: 'lgwan',
          contractorId: 'c1',
          contractorName: '=HYPERLINK("x"),"株式会社"',
          corporateNumber: '7000012050002',
          cases: [
            {
              applicationId: 'a1',
              organizationCode: '131016',
              verifierName: null,
              grantId: 'g1',
              effectiveOn: '2026-04-01',
              effectiveUntil: null,
            },
            {
              applicationId: 'a2',
              organizationCode: '131041',
              verifierName: null,
              grantId: 'g2',
              effectiveOn: '2026-05-01',
              effectiveUntil: '2026-06-30',
            },
          ],
          effectiveFrom: '2026-04-01',
          effectiveUntil: null,
        },
      ],
    });
    const [header, row, end] = sut.split('\r\n');
    expect(header).toBe(
      'date,environment,cidr,method,contractor_id,contractor_name,corporate_number,application_ids,organization_codes,effective_from,effective_until',
    );
    expect(row).toBe(
      `2026-05-10,production,2001:db8:aa::/48,lgwan,c1,"'=HYPERLINK(""x""),""株式会社""",7000012050002,a1;a2,131016;131041,2026-04-01,`,
    );
    expect(end).toBe('');
  });
});
