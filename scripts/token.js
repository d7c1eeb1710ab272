'use strict';
// `npm run -s token -- --role applicant --org 131016` prints a development bearer token (HS256 with JWT_SECRET, or the
// development secret). A gateway accepts it only when it runs with AUTH_MODE=development (`npm start` sets it). It
// carries exp (--ttl, default 8h) and, when JWT_ISSUER / JWT_AUDIENCE are set, iss and aud (the gateway checks them).
const { SignJWT } = require('jose');

// Same value as DEV_JWT_SECRET in apps/gateway/src/gateway.config.ts; used only with AUTH_MODE=development.
const DEV_SECRET = 'jlis-development-secret-do-not-use-in-production';

function parse(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument: ${argv[i]}`);
    args[m[1]] = argv[i + 1];
    i++;
  }
  return args;
}

async function main() {
  const args = parse(process.argv.slice(2));
  const role = args.role;
  if (!['operator', 'applicant', 'contractor'].includes(role)) {
    throw new Error(
      'usage: npm run -s token -- --role operator|applicant|contractor [--org 131016] [--contractor <id>] [--sub <id>] [--name "審査 一郎"] [--ttl 8h]',
    );
  }
  if (role === 'applicant' && !/^\d{6}$/.test(args.org || ''))
    throw new Error('--org <6-digit local government code> is required for applicants');
  if (role === 'contractor' && !args.contractor)
    throw new Error('--contractor <contractor id> is required for contractors');
  const claims = { role };
  if (args.org) claims.org = args.org;
  if (args.contractor) claims.contractor = args.contractor;
  // The OIDC name claim: what approvals and documents show (never the login id in sub).
  if (args.name) claims.name = args.name;
  const sub = args.sub || `${role}-${args.org || args.contractor || 'dev'}`;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(args.ttl || '8h');
  if (process.env.JWT_ISSUER) jwt.setIssuer(process.env.JWT_ISSUER);
  if (process.env.JWT_AUDIENCE) jwt.setAudience(process.env.JWT_AUDIENCE);
  const token = await jwt.sign(new TextEncoder().encode(process.env.JWT_SECRET || DEV_SECRET));
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
