import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import type { Caller } from '@jlis/contracts';
import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import { REQUEST_ID_HEADER, RequestContext } from './request-context';

/** Puts the NATS `x-request-id` header and the message's caller into the request context of a handler. */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const nats = rpc.getContext<NatsContext>();
    const requestId = nats?.getHeaders?.()?.get(REQUEST_ID_HEADER) || randomUUID();
    const data = rpc.getData<{ caller?: Caller } | undefined>();
    // Subscribing inside run() keeps the context for the handler, which runs on subscription.
    return new Observable((subscriber) =>
      RequestContext.run({ requestId, caller: data?.caller }, () => next.handle().subscribe(subscriber)),
    );
  }
}
