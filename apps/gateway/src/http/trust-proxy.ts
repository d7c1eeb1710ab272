import * as ipaddr from 'ipaddr.js';

/** Names Fastify's proxy-addr understands for whole ranges. */
const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: the proxies whose `X-Forwarded-For` the gateway believes when it decides a client's address (rate
 * limits, logs). `none`, or a comma-separated list of `loopback`, `linklocal`, `uniquelocal`, addresses and CIDRs —
 * never "everyone", or any client could pick the address it is limited under.
 */
export function parseTrustProxy(value: string): { proxies: string[] | false; problems: string[] } {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 1 && items[0] === 'none') return { proxies: false, problems: [] };
  const bad = items.filter((item) => !NAMED.has(item) && !ipaddr.isValid(item) && !ipaddr.isValidCIDR(item));
  if (!items.length || bad.length) {
    return {
      proxies: false,
      problems: [
        `TRUST_PROXY must be "none" or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses and CIDRs (got "${value}").`,
      ],
    };
  }
  return { proxies: items, problems: [] };
}
