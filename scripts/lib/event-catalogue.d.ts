// Types of event-catalogue.js for test/catalogue.e2e-spec.ts.
export type JsonSchema = Record<string, unknown>;
export interface GeneratedCatalogue {
  files: Record<string, string>;
  schemas: Record<string, { version: number; schema: JsonSchema; upcast: boolean }>;
  /** docs/<service>.md as they should read. */
  pages: Record<string, string>;
  /** docs/rpc/ (request/reply contracts); empty when generated with `rpc: false`. */
  rpc: Record<string, string>;
}
export function generate(options?: { rpc?: boolean }): GeneratedCatalogue;
export function problems(generated?: GeneratedCatalogue): string[];
export function write(options?: { rpc?: boolean }): { written: string[]; refused: string[] };
export function inRoot<T>(dir: string, fn: () => T): T;
export function breakingChanges(before: JsonSchema, after: JsonSchema, at?: string): string[];
export function consumers(types: string[]): Record<string, string[]>;
