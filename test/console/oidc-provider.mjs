// A local OpenID Connect provider (oidc-provider) for the console's PKCE sign-in test: run as its own process because
// the package is ESM-only. `node oidc-provider.mjs <port> <redirect-uri>` prints `ready <issuer>` once it listens.
// Access tokens are JWTs for the audience `jlis-api`, carrying the claims the gateway reads (role, name).
import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'jlis-console',
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  // Development interactions: a login form that takes any name, then a consent form.
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'https://jlis-api.test',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'api',
        audience: 'jlis-api',
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: '審査 一郎' }) }),
  extraTokenClaims: () => ({ role: 'operator', name: '審査 一郎' }),
  clientBasedCORS: () => true,
  pkce: { required: () => true },
});
provider.proxy = false;

provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
