import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { ErrorCode } from '@jlis/contracts';

/** The operation extension that carries a route's own problem codes until the document is finished. */
export const PROBLEM_CODES_EXTENSION = 'x-problem-codes';

/**
 * The problems a route can answer beyond those every route of its shape can (see `commonProblemCodes` in
 * problem-responses.ts: authentication, validation, a missing object, limits, the bus): its rule breaks, e.g.
 * `@ApiProblems('LOAN_NOT_ALLOCATED', 'LOAN_ALREADY_SHIPPED')`. The document then gives each status those codes
 * lead to an application/problem+json response whose `code` is one of them (the shared `Problem` schema).
 */
export const ApiProblems = (...codes: ErrorCode[]) => applyDecorators(ApiExtension(PROBLEM_CODES_EXTENSION, codes));
