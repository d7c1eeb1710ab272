import { consoleCsp, consoleIndex } from './console.static';

describe('console static files', () => {
  it('allows nothing external but the configured OIDC issuer, and PDFs as blob: frames', () => {
    const sut = consoleCsp({ authMode: 'oidc', oidcIssuer: 'https://id.j-lis.example/realms/jlis' });
    const directives = Object.fromEntries(
      sut.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives['default-src']).toBe("'self'");
    expect(directives['script-src']).toBe("'self'");
    expect(directives['connect-src']).toBe("'self' https://id.j-lis.example");
    expect(directives['frame-src']).toBe('blob:');
    expect(sut).not.toMatch(/unsafe-inline|unsafe-eval|https:(?!\/\/id\.j-lis\.example)/);
  });

  it('connects to the gateway only in development', () => {
    expect(consoleCsp({ authMode: 'development' })).toContain("connect-src 'self';");
  });

  it('puts the settings in a meta tag, escaped, and no script', () => {
    const sut = consoleIndex('<html><head><title>x</title></head><body></body></html>', {
      authMode: 'oidc',
      oidcIssuer: 'https://id.example/"><script>',
    });
    expect(sut).toContain('<meta name="jlis-console" content="{&quot;authMode&quot;:&quot;oidc&quot;');
    expect(sut).not.toContain('<script>');
  });
});
