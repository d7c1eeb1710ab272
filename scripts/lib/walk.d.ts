// Types of walk.js for the TypeScript tests that drive the same portal walk as `npm run simulate`.
import type { PortalClient } from '@jlis/portal-client';
export interface WalkShared {
  operator: string;
  /** A second operator: approves what `operator` proposes (production access is decided by two people). */
  approver: string;
  contractors: {
    id: string;
    token: string;
    testConnectionId: string;
    productionConnectionId: string;
    registered: boolean;
    /** The first case's A-08-1, submitted and accepted: the other cases of the contractor link after it. */
    registration?: Promise<void>;
  }[];
  kind: string;
  loans?: Map<string, { id: string; units: { serial: string }[] }>;
}
export interface Organization {
  code: string;
  name: string;
}
export class ApiError extends Error {
  constructor(method: string, path: string, status: number, body: unknown);
  status: number;
  body: { code?: string; detail?: string; [k: string]: unknown };
}
export class Api {
  /** `noRetry`: every request sent once, no refusal waited out (read-your-writes proof). */
  constructor(
    base: string,
    opts?: {
      noRetry?: boolean;
      /** Hears every answer, parsed (the e2e suites check it against docs/openapi.json). */
      onAnswer?: (method: string, path: string, status: number, contentType: string, body: unknown) => void;
    },
  );
  readonly noRetry: boolean;
  /** The generated client every request goes through (one per Api; each request names its own bearer token). */
  readonly portal: PortalClient;
  call<T = any>(
    method: string,
    path: string,
    opts?: {
      token?: string;
      body?: unknown;
      form?: Record<string, unknown>;
      headers?: Record<string, string>;
      expect?: number[];
      /** Resolve `{ body, token }`: the body and the answer's Consistency-Token header. */
      withToken?: boolean;
    },
  ): Promise<T>;
  eventually<T>(
    fn: () => Promise<T>,
    opts?: { timeoutMs?: number; retryOn?: string[]; onConflict?: (e: ApiError) => T | undefined },
  ): Promise<T>;
}
export function token(claims: Record<string, unknown>, sub: string): Promise<string>;
export function prepare(
  api: Api,
  opts: { organizations: Organization[]; perContractor?: number; log?: (m: string) => void },
): Promise<WalkShared>;
export function walk(
  api: Api,
  shared: WalkShared,
  org: Organization,
  index: number,
  timings: Record<string, number[]>,
  options?: {
    change?: boolean;
    verifierKinds?: ('signature' | 'user-certificate')[];
    until?: 'A-10' | 'A-11';
    recordTestCompletion?: boolean;
  },
): Promise<string>;
export function decide<T = any>(
  api: Api,
  propose: () => Promise<T>,
  approver: string,
  opts?: { key?: string; retryOn?: string[] },
): Promise<T>;
/** An `onConflict` for `eventually`: null (done) for these codes after an ambiguous failure, undefined otherwise. */
export function alreadyDone(...codes: string[]): (e: ApiError) => null | undefined;
export function todayInJapan(): string;
export const PDF: Buffer;
