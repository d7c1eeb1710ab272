import type { AllowlistView } from '@jlis/contracts';

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @, tab) is defused with a leading '. */
function cell(value: string | null | undefined): string {
  const raw = value ?? '';
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per CIDR; the cases of a row joined with ";". */
export function allowlistCsv(view: AllowlistView): string {
  const header = [
    'date',
    'environment',
    'cidr',
    'method',
    'contractor_id',
    'contractor_name',
    'corporate_number',
    'application_ids',
    'organization_codes',
    'effective_from',
    'effective_until',
  ];
  const rows = view.entries.map((e) =>
    [
      view.date,
      e.environment,
      e.cidr,
      e.method,
      e.contractorId,
      e.contractorName,
      e.corporateNumber,
      e.cases.map((c) => c.applicationId).join(';'),
      e.cases.map((c) => c.organizationCode ?? '').join(';'),
      e.effectiveFrom,
      e.effectiveUntil,
    ]
      .map(cell)
      .join(','),
  );
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}
