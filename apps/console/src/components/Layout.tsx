import type { ReactNode } from 'react';
import type { Identity } from '../auth/session';
import { ROLE } from '../labels';
import { Link } from '../router';

const OPERATOR_MENU = [
  ['/', '作業一覧'],
  ['/approvals', '承認待ち'],
  ['/cards', '試験用カード'],
  ['/templates', '様式のひな形'],
  ['/allowlist', '接続許可リスト'],
  ['/mail', 'メール送信記録'],
  ['/dead-letters', '処理できなかったイベント'],
] as const;

export function Layout({
  identity,
  onSignOut,
  children,
}: {
  identity: Identity;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const who = identity.name ?? identity.org ?? identity.contractor ?? identity.sub;
  return (
    <>
      <a className="skip" href="#main">
        本文へ移動
      </a>
      <header className="top">
        <span className="brand">JPKI 失効情報提供手続</span>
        <nav aria-label="メインメニュー">
          <ul>
            {identity.role === 'operator' &&
              OPERATOR_MENU.map(([to, label]) => (
                <li key={to}>
                  <Link to={to}>{label}</Link>
                </li>
              ))}
            {identity.role === 'applicant' && (
              <>
                <li>
                  <Link to="/">申請一覧</Link>
                </li>
                <li>
                  <Link to="/cases/new">手続開始の依頼(A-1)</Link>
                </li>
              </>
            )}
            {identity.role === 'contractor' && (
              <>
                <li>
                  <Link to="/">担当案件</Link>
                </li>
                <li>
                  <Link to="/connections">接続の登録</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
        <span className="who">
          {ROLE[identity.role]}: {who}
        </span>
        <button type="button" className="secondary" onClick={onSignOut}>
          サインアウト
        </button>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
