import pino, { Logger } from 'pino';
import { RequestContext } from '../context/request-context';

/**
 * One pino logger per process. Every line carries the service name and, inside a request or event,
 * its `requestId`, so one id follows a portal call through the gateway, NATS and every consumer.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service, pid: process.pid },
    mixin() {
      const ctx = RequestContext.current();
      return ctx ? { requestId: ctx.requestId } : {};
    },
    redact: ['req.headers.authorization'],
  });
}

export type { Logger };
