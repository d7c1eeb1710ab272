import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

/** The path under /console the browser shows, e.g. `/cases/<id>`: a router of a few lines, not a library. */
const BASE = '/console';

export function currentPath(): string {
  const path = window.location.pathname;
  return path.startsWith(BASE) ? path.slice(BASE.length) || '/' : '/';
}

const RouterContext = createContext<{ path: string; go: (path: string) => void }>({ path: '/', go: () => undefined });

export function Router({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const onPop = () => setPath(currentPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (next: string) => {
    window.history.pushState(null, '', `${BASE}${next}`);
    setPath(next);
    window.scrollTo(0, 0);
  };
  return <RouterContext.Provider value={{ path, go }}>{children}</RouterContext.Provider>;
}

export const useRouter = () => useContext(RouterContext);

/** A link that navigates without reloading the page (a reload would sign out: the token is in memory). */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const { go } = useRouter();
  return (
    <a
      href={`${BASE}${to}`}
      className={className}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        go(to);
      }}
    >
      {children}
    </a>
  );
}

/** `/cases/:id` against `/cases/abc` → `{ id: 'abc' }`, or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const regex = new RegExp(
    `^${pattern.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  const found = regex.exec(path);
  if (!found) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
}
