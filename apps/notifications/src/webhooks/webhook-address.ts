import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may never reach without WEBHOOK_ALLOW_PRIVATE: loopback, private (RFC 1918, unique local),
 * link-local (cloud metadata lives there), carrier-grade NAT, "this network", multicast and reserved ranges — the
 * suite's own network and its neighbours (SSRF).
 */
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  FORBIDDEN.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  FORBIDDEN.addSubnet(net, prefix, 'ipv6');

/** What kind of address it is, when it is one a webhook may not reach; undefined when it may. */
export function forbiddenAddress(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an address';
  // IPv4 written as IPv6 (::ffff:127.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return forbiddenAddress(mapped[1]);
  if (FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6')) return describeRange(address);
  return undefined;
}

function describeRange(address: string): string {
  if (/^127\.|^::1$/.test(address)) return 'a loopback address';
  if (/^169\.254\.|^fe[89ab]/i.test(address)) return 'a link-local address';
  return 'a private or reserved address';
}

/** The host of a URL as `net` sees it (IPv6 without brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Why a URL may not be subscribed, or undefined. Checked at subscription for what the URL itself says (scheme, a
 * literal address); a host name is checked where it matters, at every connection (`guardedLookup`), because DNS
 * can answer differently later.
 */
export function urlRefusal(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'credentials in the URL';
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'not https';
  if (allowPrivate) return undefined;
  const host = hostOf(url);
  return isIP(host) ? forbiddenAddress(host) : undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Thrown (as a lookup error) when a host resolves to an address a webhook may not reach. */
export class ForbiddenAddressError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';
}

/**
 * A `lookup` for http.request that resolves the host and refuses the connection when any address it resolves to is
 * forbidden — the check happens on the address the socket will connect to, on every delivery.
 */
export function guardedLookup(
  hostname: string,
  options: { family?: number | string; all?: boolean; hints?: number },
  callback: LookupCallback,
): void {
  dnsLookup(
    hostname,
    { family: Number(options.family ?? 0) || 0, hints: options.hints, all: true },
    (error, addresses) => {
      if (error) return callback(error, '');
      const bad = addresses.map((a) => [a.address, forbiddenAddress(a.address)] as const).find(([, why]) => why);
      if (bad) return callback(new ForbiddenAddressError(`${hostname} resolves to ${bad[0]}, ${bad[1]}`), '');
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    },
  );
}
