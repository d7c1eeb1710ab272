import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleSettings } from '../settings';
import { session } from './session';

/**
 * OpenID Connect, authorization code with PKCE, against the issuer the gateway names. The user (its tokens) is kept
 * in memory only; the short-lived sign-in state (PKCE verifier, nonce) must survive the redirect to the issuer and
 * back, so it sits in sessionStorage for that round trip and is removed when the code is exchanged.
 */
export function oidcManager(settings: ConsoleSettings): UserManager {
  const base = `${window.location.origin}/console/`;
  return new UserManager({
    authority: settings.oidcIssuer!,
    client_id: settings.oidcClientId ?? 'jlis-console',
    redirect_uri: `${base}callback`,
    post_logout_redirect_uri: base,
    response_type: 'code',
    scope: settings.oidcScope ?? 'openid profile',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
}

/** Back from the issuer at /console/callback: exchanges the code and keeps the access token in memory. */
export async function completeOidcSignIn(manager: UserManager): Promise<void> {
  const user = await manager.signinRedirectCallback();
  session.set(user.access_token);
  window.history.replaceState(null, '', '/console/');
}
