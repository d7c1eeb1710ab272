import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApplicationParties, isCaseParty, Role } from '@jlis/contracts';
import { DomainError, RequestContext, RpcClient } from '@jlis/runtime';
import { assertUuidParam } from '../common/uuid-param.pipe';
import { AuthedRequest, CASE_ROUTE, PUBLIC_ROUTE, ROLES } from './auth.decorators';
import { JwtVerifier } from './jwt-verifier';

/**
 * The gateway's one guard: authenticates the bearer token, checks the route's roles, and for case routes
 * checks the caller against the case itself (asking intake, the owner of parties).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
    private readonly rpc: RpcClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', 'Send a bearer token in the Authorization header.');
    const caller = await this.verifier.verify(match[1]);
    request.caller = caller;
    const ctx = RequestContext.current();
    if (ctx) ctx.caller = caller;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(caller.role)) {
      throw new DomainError(
        'FORBIDDEN',
        `This action is for ${roles.join(' or ')} users; you are signed in as ${caller.role}.`,
      );
    }

    const param = this.reflector.getAllAndOverride<string | undefined>(CASE_ROUTE, targets);
    if (param) {
      const applicationId = assertUuidParam(param, String(request.params[param] ?? ''));
      const parties = await this.rpc.request<ApplicationParties.Response>(ApplicationParties.subject, {
        caller,
        applicationId,
      });
      if (!isCaseParty(caller, parties)) throw DomainError.notFound('Application', applicationId);
      request.case = parties;
    }
    return true;
  }
}
