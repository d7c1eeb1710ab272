// Types of system-deps.js for the TypeScript specs.
export interface SystemDep {
  package: string;
  file?: string;
  binary?: string;
  for: string;
  runtime?: boolean;
}
export const SYSTEM_DEPS: SystemDep[];
export function missingDeps(deps?: SystemDep[]): SystemDep[];
export function ensureSystemDeps(opts?: { deps?: SystemDep[]; log?: (line: string) => void }): string[];
