import { Inject, Injectable } from '@nestjs/common';
import { SERVICES, ServiceName } from '@jlis/contracts';
import { DomainError, RpcClient } from '@jlis/runtime';

export interface ServiceAnswers<R> {
  answers: { service: ServiceName; value: R }[];
  failures: { service: ServiceName; error: DomainError }[];
}

/** Asks the five services the same question at once; one that fails is reported beside the others' answers. */
@Injectable()
export class AllServices {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  async ask<R>(subject: (service: ServiceName) => string, payload: object): Promise<ServiceAnswers<R>> {
    const settled = await Promise.allSettled(SERVICES.map((service) => this.rpc.request<R>(subject(service), payload)));
    const result: ServiceAnswers<R> = { answers: [], failures: [] };
    settled.forEach((outcome, i) => {
      const service = SERVICES[i];
      if (outcome.status === 'fulfilled') result.answers.push({ service, value: outcome.value });
      else
        result.failures.push({
          service,
          error:
            outcome.reason instanceof DomainError
              ? outcome.reason
              : new DomainError('INTERNAL', 'An internal error occurred; it has been logged.'),
        });
    });
    return result;
  }
}
