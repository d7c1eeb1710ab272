import { forbiddenAddress, guardedLookup, urlRefusal } from './webhook-address';

describe('webhook addresses', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['10.1.2.3', 'a private or reserved address'],
    ['172.20.0.1', 'a private or reserved address'],
    ['192.168.1.1', 'a private or reserved address'],
    ['100.64.0.1', 'a private or reserved address'],
    ['fd00::1', 'a private or reserved address'],
    ['0.0.0.0', 'a private or reserved address'],
  ])('refuses %s as %s', (address, why) => {
    expect(forbiddenAddress(address)).toBe(why);
  });

  it.each(['203.0.113.7', '8.8.8.8', '2001:4860:4860::8888', '172.32.0.1'])('lets %s through', (address) => {
    expect(forbiddenAddress(address)).toBeUndefined();
  });

  it('at subscription: https only, no literal private address, no credentials; names are checked at connect time', () => {
    expect(urlRefusal('https://portal.example.jp/hook', false)).toBeUndefined();
    expect(urlRefusal('http://portal.example.jp/hook', false)).toBe('not https');
    expect(urlRefusal('https://127.0.0.1/hook', false)).toBe('a loopback address');
    expect(urlRefusal('https://[::1]:8443/hook', false)).toBe('a loopback address');
    expect(urlRefusal('https://169.254.169.254/latest', false)).toBe('a link-local address');
    expect(urlRefusal('https://u:p@portal.example.jp/', false)).toBe('credentials in the URL');
    expect(urlRefusal('https://localhost/hook', false)).toBeUndefined();
    expect(urlRefusal('http://127.0.0.1:9999/hook', true)).toBeUndefined();
  });

  it('at connect time: refuses a name that resolves to loopback', async () => {
    const error = await new Promise<Error | null>((done) => guardedLookup('localhost', { all: true }, (e) => done(e)));
    expect(error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
  });
});
