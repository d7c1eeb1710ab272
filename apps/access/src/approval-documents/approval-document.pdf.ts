import PDFDocument from 'pdfkit';

/** What the approved A-11-2 states: J-LIS's approval and the content it approved. */
export interface ApprovalDocumentContent {
  approvalNumber: string;
  /** YYYY-MM-DD, a day in Japan: the approval date, also the PDF's creation date. */
  approvedOn: string;
  approver: string;
  organizationName: string;
  verifierName: string;
  department: string;
  verifierKinds: string[];
  contractorName: string | null;
  method: string | null;
  cidrs: string[];
  startDate: string;
  effectiveOn: string;
  /** null for the first grant, else the A-13 change kind. */
  changeKind: string | null;
}

const KIND_NAMES: Record<string, string> = { signature: '署名検証者', 'user-certificate': '利用者証明検証者' };
const CHANGE_NAMES: Record<string, string> = { 'system-change': 'システム変更', 'member-change': '構成員変更' };
const METHOD_NAMES: Record<string, string> = {
  lgwan: 'LGWAN',
  'internet-vpn': 'インターネットVPN',
  'dedicated-line': '専用線',
};

/** 2026-04-01 → 2026年4月1日. */
export function dateJa(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * The approved A-11-2 (アクセス権登録申請書兼承認書) as a PDF in Japanese, set in IPAex Gothic (TrueType, subset into the
 * file). The same content always gives the same bytes: the creation date is the approval date and pdfkit derives the
 * document id from it, so a redelivered event renders the identical file.
 */
export function renderApprovalDocument(content: ApprovalDocumentContent, fontFile: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const created = new Date(`${content.approvedOn}T00:00:00+09:00`);
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      compress: true,
      info: {
        Title: `アクセス権登録申請書兼承認書 ${content.approvalNumber}`,
        Author: '地方公共団体情報システム機構',
        Subject: 'JPKI 署名検証者等失効情報提供手続 A-11-2',
        Creator: 'JPKI onboarding suite',
        Producer: 'JPKI onboarding suite',
        CreationDate: created,
        ModDate: created,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('gothic', fontFile);
    doc.font('gothic');

    doc.fontSize(9).text(`承認番号 ${content.approvalNumber}`, { align: 'right' });
    doc.text(`承認日 ${dateJa(content.approvedOn)}`, { align: 'right' });
    doc.moveDown(1.5);
    doc.fontSize(16).text('アクセス権登録申請書兼承認書', { align: 'center' });
    doc.fontSize(10).text('（様式 A-11-2）', { align: 'center' });
    doc.moveDown(1.5);

    doc.fontSize(10.5);
    doc.text(`${content.organizationName}`);
    doc.text(`${content.verifierName} ${content.department} 御中`);
    doc.moveDown();
    doc.text(
      '貴団体から申請のあった署名検証者等失効情報提供サービス（本番環境）へのアクセス権の登録について、下記のとおり承認しました。',
    );
    doc.moveDown();
    doc.text('記', { align: 'center' });
    doc.moveDown(0.5);

    const rows: [string, string][] = [
      ['承認番号', content.approvalNumber],
      ['承認日', dateJa(content.approvedOn)],
      ['承認者', content.approver],
      ['承認者の所属', '地方公共団体情報システム機構 個人番号センター 公的個人認証部'],
      [
        '申請者',
        content.verifierName === content.organizationName
          ? content.organizationName
          : `${content.organizationName}（${content.verifierName}）`,
      ],
      ['検証者の種別', content.verifierKinds.map((k) => KIND_NAMES[k] ?? k).join('・')],
      ['申請区分', content.changeKind ? `変更（${CHANGE_NAMES[content.changeKind] ?? content.changeKind}）` : '新規'],
      ['環境', '本番環境'],
      ['システム受託者', content.contractorName ?? '—'],
      ['接続方式', content.method ? (METHOD_NAMES[content.method] ?? content.method) : '—'],
      ['接続元IPアドレス', content.cidrs.join('、') || '—'],
      ['アクセス開始日（申請）', dateJa(content.startDate)],
      ['アクセス開始日（承認）', dateJa(content.effectiveOn)],
    ];
    const labelWidth = 150;
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    for (const [label, value] of rows) {
      const y = doc.y;
      doc.text(label, left, y, { width: labelWidth });
      const labelBottom = doc.y;
      doc.text(value, left + labelWidth, y, { width: width - labelWidth });
      doc.y = Math.max(doc.y, labelBottom) + 4;
    }
    doc.moveDown();
    doc.text('以上', left, doc.y, { width, align: 'right' });
    doc.moveDown(2);
    doc.fontSize(9).text('地方公共団体情報システム機構 個人番号センター 公的個人認証部', left, doc.y, { width });
    doc.end();
  });
}
