import { useEffect, useState } from 'react';
import { completeOidcSignIn, oidcManager } from './auth/oidc';
import { session, type Session } from './auth/session';
import { Layout } from './components/Layout';
import { ProblemBanner } from './components/ui';
import { Allowlist } from './pages/Allowlist';
import { Approvals } from './pages/Approvals';
import { Cards } from './pages/Cards';
import { CasePage } from './pages/CasePage';
import { Connections } from './pages/Connections';
import { DeadLetters } from './pages/DeadLetters';
import { MailLog } from './pages/MailLog';
import { OperatorQueue, OwnCases } from './pages/CaseList';
import { NewCase } from './pages/NewCase';
import { SignIn } from './pages/SignIn';
import { Templates } from './pages/Templates';
import { match, Router, useRouter } from './router';
import type { ConsoleSettings } from './settings';

function Screens({ current }: { current: Session }) {
  const { path, go } = useRouter();
  const { identity } = current;
  const caseId = match('/cases/:id', path)?.id;
  let screen;
  if (path === '/cases/new' && identity.role !== 'contractor') screen = <NewCase identity={identity} />;
  else if (caseId) screen = <CasePage key={caseId} id={caseId} identity={identity} />;
  else if (identity.role === 'operator' && path === '/approvals') screen = <Approvals />;
  else if (identity.role === 'operator' && path === '/allowlist') screen = <Allowlist />;
  else if (identity.role === 'operator' && path === '/mail') screen = <MailLog />;
  else if (identity.role === 'operator' && path === '/dead-letters') screen = <DeadLetters />;
  else if (identity.role === 'operator' && path === '/cards') screen = <Cards />;
  else if (identity.role === 'operator' && path === '/templates') screen = <Templates />;
  else if (identity.role === 'contractor' && identity.contractor && path === '/connections')
    screen = <Connections contractorId={identity.contractor} />;
  else if (identity.role === 'operator') screen = <OperatorQueue />;
  else screen = <OwnCases identity={identity} />;
  return (
    <Layout
      identity={identity}
      onSignOut={() => {
        session.set(undefined);
        go('/');
      }}
    >
      {screen}
    </Layout>
  );
}

export function App({ settings }: { settings: ConsoleSettings }) {
  const [current, setCurrent] = useState<Session | undefined>(session.get());
  const [failed, setFailed] = useState<string>();
  useEffect(() => session.subscribe(setCurrent), []);
  useEffect(() => {
    if (settings.authMode === 'oidc' && window.location.pathname === '/console/callback') {
      completeOidcSignIn(oidcManager(settings)).catch(() =>
        setFailed('サインインを完了できませんでした。もう一度お試しください。'),
      );
    }
  }, [settings]);
  useEffect(() => {
    document.documentElement.lang = 'ja';
  }, []);
  return (
    <Router>
      {failed && <ProblemBanner shown={{ message: failed, fields: {} }} />}
      {current ? <Screens current={current} /> : <SignIn settings={settings} />}
    </Router>
  );
}
