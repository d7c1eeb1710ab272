import { DomainError } from '../errors/domain-error';

const FORM_NAMES: Record<string, string> = {
  'A-03-4': 'A-03-4 テスト環境利用申請書',
  'A-08-1': 'A-08-1 アクセス権登録申請書兼承認書(テスト環境)',
  'A-11-1': 'A-11-1 情報提供方式の選択通知',
  'A-11-2': 'A-11-2 アクセス権登録申請書兼承認書',
  URL: 'URL通知書',
  'A-11-3': 'A-11-3 署名検証者側連絡先の登録・変更連絡票',
};

/**
 * The refusal R8 and R12 share: papers access has not seen accepted. Access learns acceptances from documents'
 * events, so "not yet" may also mean "in flight": the platform's PRECONDITION_NOT_YET_KNOWN, which clients wait out,
 * with what is missing.
 */
export function missingPapers(forms: string[], environment: 'test' | 'production'): DomainError {
  const names = forms.map((f) => FORM_NAMES[f] ?? f).join('、');
  const step = environment === 'test' ? 'A-9' : 'A-12';
  return new DomainError(
    'PRECONDITION_NOT_YET_KNOWN',
    `${names} の受理が確認できないため ${step} に進めません。受理済みの場合は少し待って再度お試しください。 / ${step} cannot be done yet: ${forms.join(', ')} not accepted for this case as far as access knows; if just accepted, try again in a moment.`,
    { missing: forms, step },
  );
}
