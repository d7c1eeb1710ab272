import pino, { Logger } from 'pino';
import { RequestContext } from '../context/request-context';
import { activeTraceId } from '../observability/tracing';

/**
 * One pino logger per process. Every line carries the service name and, inside a request or event,
 * its `requestId`, so one id follows a portal call through the gateway, NATS and every consumer — and, when tracing
 * is on, the `traceId` of the active span.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service, pid: process.pid },
    mixin() {
      const ctx = RequestContext.current();
      const traceId = activeTraceId();
      return { ...(ctx ? { requestId: ctx.requestId } : {}), ...(traceId ? { traceId } : {}) };
    },
    redact: ['req.headers.authorization'],
  });
}

export type { Logger };
