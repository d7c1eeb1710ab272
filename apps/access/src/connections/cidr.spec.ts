import { parseCidr, parseCidrList } from './cidr';

describe('parseCidr', () => {
  it('normalises IPv4 and IPv6 and treats a bare address as a host route', () => {
    expect(parseCidr('203.0.113.0/28', 'c')).toMatchObject({ text: '203.0.113.0/28', kind: 'ipv4' });
    expect(parseCidr('2001:0DB8:0000::/48', 'c')).toMatchObject({ text: '2001:db8::/48', kind: 'ipv6' });
    expect(parseCidr(' 198.51.100.7 ', 'c')).toMatchObject({ text: '198.51.100.7/32' });
  });

  it.each([
    ['10.0.0.0/33', 'CIDR_MALFORMED'],
    ['010.0.0.0/8', 'CIDR_MALFORMED'],
    ['0x0a.0.0.0/8', 'CIDR_MALFORMED'],
    ['10.0.0/24', 'CIDR_MALFORMED'],
    ['not-an-ip', 'CIDR_MALFORMED'],
    ['10.0.0.0/x', 'CIDR_MALFORMED'],
    ['2001:db8::/129', 'CIDR_MALFORMED'],
    ['192.0.2.1/24', 'CIDR_HOST_BITS_SET'],
    ['2001:db8::1/64', 'CIDR_HOST_BITS_SET'],
    ['0.0.0.0/0', 'CIDR_TOO_BROAD'],
    ['::/0', 'CIDR_TOO_BROAD'],
  ])('refuses %s with %s', (raw, code) => {
    expect(parseCidr(raw, 'cidrs[0]')).toMatchObject({ code, field: 'cidrs[0]' });
  });

  it('suggests the network address when host bits are set', () => {
    expect(parseCidr('192.0.2.1/24', 'cidrs[0]')).toMatchObject({ message: expect.stringContaining('192.0.2.0/24') });
  });

  it('finds overlaps and repeats inside one request, but not across address families', () => {
    expect(parseCidrList(['10.0.0.0/8', '10.1.0.0/16']).issues).toEqual([
      expect.objectContaining({ code: 'CIDR_OVERLAP_IN_REQUEST', field: 'cidrs[1]' }),
    ]);
    expect(parseCidrList(['10.0.0.1', '10.0.0.1/32']).issues).toHaveLength(1);
    expect(parseCidrList(['10.0.0.0/24', '10.0.1.0/24', '::a00:0/120']).issues).toEqual([]);
  });
});
