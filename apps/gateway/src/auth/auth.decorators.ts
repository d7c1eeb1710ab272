import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiHeader } from '@nestjs/swagger';
import type { Caller, CaseParties, CaseReach, Role } from '@jlis/contracts';
import type { FastifyRequest } from 'fastify';

export const PUBLIC_ROUTE = 'auth:public';
export const ROLES = 'auth:roles';
export const CASE_ROUTE = 'auth:case-route';
export const CASE_REACH = 'auth:case-reach';

/** A request; `caller` and `case` (declared on every request in http/request-lifecycle.ts) are set by the AuthGuard. */
export type AuthedRequest = FastifyRequest;

/** Marks a public operation until the OpenAPI document gives it an empty security requirement (openapi/). */
export const PUBLIC_EXTENSION = 'x-public';

/** No token needed (health, docs). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_EXTENSION, true));

/** Roles that may call the route at all; the object-level check comes on top (CaseRoute or the service). */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/**
 * The route acts on the case named by `:param` (default `id`): the caller must be one of its parties,
 * else 404 — another organisation's case does not exist for it. The parties are then at `@CurrentCase()`.
 * `reach: 'confidential'` (a route of a service that does not keep the NDA) also asks documents whether the NDA
 * covers the contractor the case names (403 CONTRACTOR_NDA_REQUIRED when not); documents checks its own routes.
 */
export const CaseRoute =
  (param = 'id', reach: CaseReach = 'case'): MethodDecorator & ClassDecorator =>
  (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    SetMetadata(CASE_ROUTE, param)(target, key as string | symbol, descriptor as PropertyDescriptor);
    SetMetadata(CASE_REACH, reach)(target, key as string | symbol, descriptor as PropertyDescriptor);
  };

export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().caller!;
});

export const CurrentCase = createParamDecorator((_: unknown, ctx: ExecutionContext): CaseParties => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().case!;
});

/** The `Idempotency-Key` header of a creating POST (trimmed; at most 200 characters). */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const header = ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
    const value = (Array.isArray(header) ? header[0] : header)?.trim();
    return value ? value.slice(0, 200) : undefined;
  },
  // Documented on the route, so portals (and the generated client) know they may send it.
  [
    (target: object, key: string | symbol | undefined) => {
      if (key === undefined) return;
      ApiHeader({
        name: 'Idempotency-Key',
        required: false,
        description:
          'Any string up to 200 characters; the same key with the same body answers the first result again instead of ' +
          'acting twice (IDEMPOTENCY_KEY_REUSED with another body).',
      })(target, key, Object.getOwnPropertyDescriptor(target, key)!);
    },
  ],
);
