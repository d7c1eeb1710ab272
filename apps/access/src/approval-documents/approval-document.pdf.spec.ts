import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AccessConfig } from '../access.config';
import { ApprovalDocumentContent, dateJa, renderApprovalDocument } from './approval-document.pdf';

// The Debian font every machine of the project has (scripts/lib/system-deps.js installs it before the tests).
const FONT = new AccessConfig().APPROVAL_DOCUMENT_FONT;

const content: ApprovalDocumentContent = {
  approvalNumber: 'JPKI-P-2026-000042',
  approvedOn: '2026-04-01',
  approver: '田中 花子',
  organizationName: '千代田区',
  verifierName: '千代田区',
  department: '情報政策課',
  verifierKinds: ['signature', 'user-certificate'],
  contractorName: '株式会社受託',
  method: 'lgwan',
  cidrs: ['198.18.1.0/24'],
  startDate: '2026-04-15',
  effectiveOn: '2026-04-15',
  changeKind: null,
};

describe(renderApprovalDocument.name, () => {
  it('renders the same bytes for the same content (a redelivered event gives the identical file)', async () => {
    expect(existsSync(FONT)).toBe(true);
    const first = await renderApprovalDocument(content, FONT);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a different second on the clock changes nothing
    const again = await renderApprovalDocument(content, FONT);
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    expect(again.equals(first)).toBe(true);
    // Another approval number is another file.
    expect(
      (await renderApprovalDocument({ ...content, approvalNumber: 'JPKI-P-2026-000043' }, FONT)).equals(first),
    ).toBe(false);
  });

  it('states the approval and the approved content in Japanese, as text a reader can copy', async () => {
    const pdf = await renderApprovalDocument({ ...content, changeKind: 'system-change' }, FONT);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
    for (const expected of [
      'アクセス権登録申請書兼承認書',
      'JPKI-P-2026-000042',
      '2026年4月1日',
      '田中 花子',
      '千代田区',
      '署名検証者・利用者証明検証者',
      '変更（システム変更）',
      '株式会社受託',
      '198.18.1.0/24',
      '2026年4月15日',
    ]) {
      expect(text).toContain(expected);
    }
    expect(dateJa('2026-12-01')).toBe('2026年12月1日');
  });
});
