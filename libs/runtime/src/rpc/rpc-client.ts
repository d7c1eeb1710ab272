import { ClientProxy, ClientProxyFactory, NatsRecordBuilder, Transport } from '@nestjs/microservices';
import { isRpcErrorPayload } from '@jlis/contracts';
import { ConnectionOptions, headers as natsHeaders } from 'nats';
import { lastValueFrom, timeout, TimeoutError } from 'rxjs';
import { REQUEST_ID_HEADER, RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';

export interface RpcCallOptions {
  timeoutMs?: number;
}

/**
 * The one way to call a service: NATS request/reply through Nest's transport, the correlation id in the
 * `x-request-id` header, a timeout on every call, and coded errors turned back into DomainErrors.
 */
export class RpcClient {
  private readonly proxy: ClientProxy;

  /** `connection`: the caller's NATS identity and inbox (ServiceConfig.natsOptions), e.g. the gateway's. */
  constructor(
    connection: ConnectionOptions,
    private readonly defaultTimeoutMs: number,
  ) {
    this.proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: connection });
  }

  async connect(): Promise<void> {
    await this.proxy.connect();
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }

  async request<R>(subject: string, payload: object, opts: RpcCallOptions = {}): Promise<R> {
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const headers = natsHeaders();
    headers.set(REQUEST_ID_HEADER, RequestContext.requestId());
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    const service = subject.split('.')[0];
    try {
      return await lastValueFrom(this.proxy.send<R>(subject, record).pipe(timeout(timeoutMs)));
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw new DomainError(
          'SERVICE_TIMEOUT',
          `The ${service} service did not answer within ${timeoutMs} ms. It may be down or overloaded; try again shortly.`,
          { service, subject },
        );
      }
      if (isRpcErrorPayload(error)) throw DomainError.fromPayload(error);
      if (error instanceof DomainError) throw error;
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        `The ${service} service cannot be reached right now; try again shortly.`,
        {
          service,
          subject,
          cause: error instanceof Error ? error.message : String(error),
        },
      );
    }
  }
}
