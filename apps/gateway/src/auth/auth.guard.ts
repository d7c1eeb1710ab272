import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApplicationParties, Caller, CaseReach, CaseReachCheck, isCaseParty, Role } from '@jlis/contracts';
import { DomainError, RequestContext, RpcClient } from '@jlis/runtime';
import { RateLimiter } from '../common/rate-limiter';
import { assertUuidParam } from '../common/uuid-param.pipe';
import { AuthedRequest, CASE_REACH, CASE_ROUTE, PUBLIC_ROUTE, ROLES } from './auth.decorators';
import { JwtVerifier } from './jwt-verifier';

/**
 * The gateway's one guard: authenticates the bearer token, charges the request to the rate limit (its caller, or its
 * address when it does not authenticate), checks the route's roles, and for case routes checks the caller against the
 * case itself (asking intake, the owner of parties).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
    private readonly rpc: RpcClient,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      this.limiter.chargeAddress(request);
      return true;
    }
    const caller = await this.authenticate(request).catch((error: unknown) => {
      this.limiter.chargeAddress(request);
      throw error;
    });
    this.limiter.chargeCaller(caller.sub);
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
      const applicationId = assertUuidParam(
        param,
        String((request.params as Record<string, string | undefined>)[param] ?? ''),
      );
      // Intake owns the parties: a read's minVersion is for the service that answers the route, not for this check.
      const parties = await this.rpc.request<ApplicationParties.Response>(
        ApplicationParties.subject,
        { caller, applicationId },
        { atMinPosition: false },
      );
      if (!isCaseParty(caller, parties)) throw DomainError.notFound('Application', applicationId);
      const reach = this.reflector.getAllAndOverride<CaseReach | undefined>(CASE_REACH, targets) ?? 'case';
      if (!isCaseParty(caller, parties, reach)) {
        // Only the contractor the case names gets here: documents, which keeps its NDA and A-03-2, decides its cover.
        await this.rpc.request<CaseReachCheck.Response>(
          CaseReachCheck.subject,
          { caller, applicationId, reach },
          { atMinPosition: false },
        );
      }
      request.case = parties;
    }
    return true;
  }

  private async authenticate(request: AuthedRequest): Promise<Caller> {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', 'Send a bearer token in the Authorization header.');
    return this.verifier.verify(match[1]);
  }
}
