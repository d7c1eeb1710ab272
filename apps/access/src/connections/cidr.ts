import * as ipaddr from 'ipaddr.js';

export type CidrProblem = 'CIDR_MALFORMED' | 'CIDR_HOST_BITS_SET' | 'CIDR_TOO_BROAD' | 'CIDR_OVERLAP_IN_REQUEST';

export interface CidrIssue {
  code: CidrProblem;
  field: string;
  message: string;
}

export interface ParsedCidr {
  /** Normalised text: network address in canonical form (IPv6 compressed, RFC 5952) and the prefix. */
  text: string;
  kind: 'ipv4' | 'ipv6';
  prefix: number;
  /** First and last address as bigints, for overlap tests. */
  first: bigint;
  last: bigint;
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/**
 * Parses one CIDR (or a bare address, meaning /32 or /128) strictly: IPv4 only in four-part decimal
 * (no 010.1 or 0x0a tricks), no host bits after the prefix, never /0.
 */
export function parseCidr(raw: string, field: string): ParsedCidr | CidrIssue {
  const input = raw.trim();
  const slash = input.indexOf('/');
  const addrText = slash === -1 ? input : input.slice(0, slash);
  const prefixText = slash === -1 ? undefined : input.slice(slash + 1);
  const malformed = (why: string): CidrIssue => ({
    code: 'CIDR_MALFORMED',
    field,
    message: `${field} "${raw}" is not a CIDR: ${why}`,
  });
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))
    return malformed('the prefix length after "/" must be a number');
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addrText)) {
    addr = ipaddr.IPv4.parse(addrText);
  } else if (addrText.includes(':') && ipaddr.IPv6.isValid(addrText) && !addrText.includes('%')) {
    addr = ipaddr.IPv6.parse(addrText);
  } else {
    return malformed(
      'write an IPv4 address as four decimal numbers (e.g. 203.0.113.0/28) or an IPv6 address (e.g. 2001:db8::/48)',
    );
  }
  const kind = addr.kind();
  const bits = kind === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return malformed(`the prefix length must be at most ${bits}`);
  if (prefix === 0) {
    return {
      code: 'CIDR_TOO_BROAD',
      field,
      message: `${field} "${raw}" is /0, the whole address space; register only your own addresses`,
    };
  }
  const value = toBigInt(addr.toByteArray());
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((value & hostMask) !== 0n) {
    const network = value & ~hostMask;
    const suggestion = formatAddress(network, kind);
    return {
      code: 'CIDR_HOST_BITS_SET',
      field,
      message: `${field} "${raw}" has host bits set after /${prefix}; did you mean ${suggestion}/${prefix}?`,
    };
  }
  return { text: `${addr.toString()}/${prefix}`, kind, prefix, first: value, last: value | hostMask };
}

function formatAddress(value: bigint, kind: 'ipv4' | 'ipv6'): string {
  const length = kind === 'ipv4' ? 4 : 16;
  const bytes: number[] = [];
  for (let i = length - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

export function overlaps(a: ParsedCidr, b: ParsedCidr): boolean {
  return a.kind === b.kind && a.first <= b.last && b.first <= a.last;
}

/** Parses and normalises a request's CIDRs; the first problem found per CIDR, then overlaps inside the request. */
export function parseCidrList(raws: string[], field = 'cidrs'): { cidrs: ParsedCidr[]; issues: CidrIssue[] } {
  const cidrs: ParsedCidr[] = [];
  const issues: CidrIssue[] = [];
  raws.forEach((raw, i) => {
    const parsed = parseCidr(raw, `${field}[${i}]`);
    if ('code' in parsed) issues.push(parsed);
    else cidrs.push(parsed);
  });
  if (issues.length) return { cidrs: [], issues };
  for (let i = 0; i < cidrs.length; i++) {
    for (let j = i + 1; j < cidrs.length; j++) {
      if (overlaps(cidrs[i], cidrs[j])) {
        issues.push({
          code: 'CIDR_OVERLAP_IN_REQUEST',
          field: `${field}[${j}]`,
          message: `${field}[${j}] ${cidrs[j].text} overlaps ${field}[${i}] ${cidrs[i].text} in the same request; list each range once`,
        });
      }
    }
  }
  return { cidrs: issues.length ? [] : cidrs, issues };
}
