/** Who is signed in: the claims the console needs to choose its screens, read from the token it was given. */
export interface Identity {
  sub: string;
  role: 'operator' | 'applicant' | 'contractor';
  org?: string;
  contractor?: string;
  name?: string;
}

export interface Session {
  token: string;
  identity: Identity;
}

/** The claims of a JWT, unverified: the gateway verifies every request; the console only picks screens with them. */
export function identityOf(token: string): Identity {
  const part = token.split('.')[1] ?? '';
  const json = decodeURIComponent(
    Array.from(
      atob(part.replace(/-/g, '+').replace(/_/g, '/')),
      (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    ).join(''),
  );
  const claims = JSON.parse(json) as Record<string, unknown>;
  const role = claims.role;
  if (role !== 'operator' && role !== 'applicant' && role !== 'contractor') {
    throw new Error('このアカウントには利用できる役割がありません。');
  }
  return {
    sub: typeof claims.sub === 'string' ? claims.sub : '',
    role,
    org: typeof claims.org === 'string' ? claims.org : undefined,
    contractor: typeof claims.contractor === 'string' ? claims.contractor : undefined,
    name: typeof claims.name === 'string' ? claims.name : undefined,
  };
}

/**
 * The token lives in this module's memory only — never localStorage or sessionStorage, where any script of the page
 * (or a later user of the machine) could read it. A reload signs out; that is the price.
 */
let current: Session | undefined;
const listeners = new Set<(session: Session | undefined) => void>();

export const session = {
  get: (): Session | undefined => current,
  set(token: string | undefined): void {
    current = token ? { token, identity: identityOf(token) } : undefined;
    for (const listener of listeners) listener(current);
  },
  subscribe(listener: (session: Session | undefined) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
