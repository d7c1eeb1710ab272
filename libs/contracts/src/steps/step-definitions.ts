import { StepDefinition } from './step.types';

/**
 * `{role}` and `{kind}` in a title or action stand for the case's verifier kinds (verifierRoleJa, verifierKindsJa):
 * the seed writes the flow for 署名検証者 and says 「利用者証明検証者についても同様」, so every text names the case's own.
 */

export const STEP_DEFINITIONS: readonly StepDefinition[] = [
  {
    code: 'A-1',
    actor: 'applicant',
    title: '申請手続開始依頼',
    action: '申請手続の開始を依頼する / request the start of the procedure',
  },
  {
    code: 'A-2',
    actor: 'operator',
    title: '守秘義務誓約書雛形および必要書類の様式送付',
    action: '{role}の資格を確認する / confirm qualification',
  },
  {
    code: 'A-3',
    actor: 'applicant',
    title: '申請',
    action: 'A-03-1, A-03-3, A-03-4（受託者へ開示する場合 A-03-2）を提出する / submit the A-3 applications',
  },
  {
    code: 'A-4',
    actor: 'operator',
    title: '受付・確認・適宜報告',
    action: '提出書類を確認する / review the A-3 applications',
  },
  {
    code: 'A-5',
    actor: 'operator',
    title: '技術仕様等提供',
    action: '申請された技術仕様書を送付する / deliver the specs applied for',
  },
  {
    code: 'A-6',
    actor: 'applicant',
    title: '必要書類提出（テスト用ICカード借用書）',
    action: 'テスト用ICカード借用書（A-06）を提出する / submit the card loan receipt',
  },
  {
    code: 'A-7',
    actor: 'applicant',
    title: '仕様確認',
    action: '仕様確認・Q&A・協定書の取り交し / spec review, Q&A, agreement',
  },
  {
    code: 'A-8',
    actor: 'applicant',
    title: 'テスト環境アクセス権登録申請',
    action: 'A-08-1 を提出するか既存の接続登録を参照する / submit A-08-1 or link a connection',
  },
  {
    code: 'A-9',
    actor: 'operator',
    title: 'テスト環境アクセス権設定',
    action: 'テスト環境のアクセス権を設定する / grant test access',
  },
  {
    code: 'A-10',
    actor: 'applicant',
    title: '{kind}テスト実施',
    action:
      'テストを実施し、テスト終了を記録してテスト用ICカードを返却する / test, record that testing is finished and return the cards',
  },
  {
    code: 'A-11',
    actor: 'applicant',
    title: 'アクセス権登録申請',
    action: 'A-11-1, A-11-2, URL通知書, A-11-3 を提出する / submit the A-11 papers',
  },
  {
    code: 'A-12',
    actor: 'operator',
    title: 'アクセス権設定',
    action: '本番環境のアクセス権を設定する / grant production access',
  },
];

/**
 * R9: a case verifying via LGPKI also carries out the LGWAN 全国センター's procedure, whatever A-8's own form
 * shows; the next action that asks for it names the center's addresses from configuration.
 */
export const LGWAN_TASK_ACTION =
  'LGPKI経由で検証するため、LGWAN全国センターの手続を行い、完了を記録する / verifying via LGPKI: carry out the LGWAN national center procedure and record it done';
export const LGWAN_CENTER_NAME = 'LGWAN全国センター';

/** R4, A-13: a contractor named after A-3 (a change) receives specifications only with an A-03-2 of its own. */
export const CONTRACTOR_A0302_ACTION =
  '新たに指定したシステム受託者の複製申請書兼第三者開示通知書（A-03-2）を提出する / submit the A-03-2 naming the newly named contractor';
