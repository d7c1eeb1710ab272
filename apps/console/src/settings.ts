/** What the gateway tells the console about sign-in, in a meta tag of index.html (apps/gateway/src/console). */
export interface ConsoleSettings {
  authMode: 'development' | 'oidc';
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcScope?: string;
}

export function readSettings(doc: Document = document): ConsoleSettings {
  const content = doc.querySelector('meta[name="jlis-console"]')?.getAttribute('content');
  // `vite dev` serves index.html without the gateway: development sign-in then.
  if (!content) return { authMode: 'development' };
  return JSON.parse(content) as ConsoleSettings;
}
