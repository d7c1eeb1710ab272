// Types of event-catalogue.js for scripts/events.integration-spec.ts.
export type JsonSchema = Record<string, unknown>;
export interface GeneratedCatalogue {
  files: Record<string, string>;
  schemas: Record<string, { version: number; schema: JsonSchema; upcast: boolean }>;
}
export function generate(): GeneratedCatalogue;
export function problems(generated?: GeneratedCatalogue): string[];
export function write(): { written: string[]; refused: string[] };
export function inRoot<T>(dir: string, fn: () => T): T;
export function breakingChanges(before: JsonSchema, after: JsonSchema, at?: string): string[];
export function consumers(types: string[]): Record<string, string[]>;
