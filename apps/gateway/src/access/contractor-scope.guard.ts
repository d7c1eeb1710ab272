import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '@jlis/runtime';
import type { AuthedRequest } from '../auth/auth.decorators';

/**
 * Routes that change a contractor's data (`/contractors/:cid/...`): a contractor user may act only on its own
 * contractor. Checked before the body is validated, so another contractor's id answers 404 — it does not exist
 * for the caller — rather than revealing the body's rules. The access service checks again.
 */
@Injectable()
export class ContractorScopeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const caller = request.caller;
    const cid = String((request.params as Record<string, string | undefined>).cid ?? '');
    if (caller?.role === 'contractor' && caller.contractor !== cid) throw DomainError.notFound('Contractor', cid);
    return true;
  }
}
