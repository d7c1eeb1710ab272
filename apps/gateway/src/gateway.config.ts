import { Expose, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { callerAssertionPrivateKeyProblems, ServiceConfig } from '@jlis/runtime';
import { tokenSettingProblems } from './auth/token-settings';
import { parseTrustProxy } from './http/trust-proxy';

/**
 * Development-only signing secret, used only with AUTH_MODE=development (and then only when JWT_SECRET is not set).
 * `scripts/token.js` holds the same value so that `npm run -s token` works with `npm start`.
 */
export const DEV_JWT_SECRET = 'jlis-development-secret-do-not-use-in-production';

/** Node's default: how long a whole request (an upload included) may take. Kept as it was under Express. */
export const HTTP_REQUEST_TIMEOUT_MS = 300_000;

export class GatewayConfig extends ServiceConfig {
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  PORT = 3000;

  /** HS256 secret of development tokens; only with AUTH_MODE=development (default there: DEV_JWT_SECRET). */
  @Expose()
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /**
   * The Ed25519 key (PKCS#8 PEM) the gateway signs every request's caller with; services verify with its public key
   * (CALLER_ASSERTION_PUBLIC_KEYS). Required. Or CALLER_ASSERTION_PRIVATE_KEY_FILE (a mounted secret).
   */
  @Expose() @IsOptional() @IsString() CALLER_ASSERTION_PRIVATE_KEY?: string;
  @Expose() @IsOptional() @IsString() CALLER_ASSERTION_PRIVATE_KEY_FILE?: string;

  /** The identity provider's keys (asymmetric algorithms only), and the `iss` and `aud` its tokens must carry. */
  @Expose()
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'JWKS_URL must be a URL' },
  )
  JWKS_URL?: string;
  @Expose() @IsOptional() @IsString() JWT_ISSUER?: string;
  @Expose() @IsOptional() @IsString() JWT_AUDIENCE?: string;

  /** How far a token's exp, nbf and iat may be off the gateway's clock. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'JWT_CLOCK_SKEW_SECONDS must be a whole number of seconds' })
  @Min(0, { message: 'JWT_CLOCK_SKEW_SECONDS must be 0 or more' })
  @Max(300, { message: 'JWT_CLOCK_SKEW_SECONDS must be at most 300' })
  JWT_CLOCK_SKEW_SECONDS = 30;

  /** Requests per minute per caller (0 = no limit; benchmarks and simulations raise or lift it). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_PER_MINUTE must be a whole number' })
  @Min(0, { message: 'RATE_LIMIT_PER_MINUTE must be 0 (no limit) or more' })
  RATE_LIMIT_PER_MINUTE = 600;

  /** Largest JSON body accepted, in bytes. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'JSON_BODY_LIMIT_BYTES must be a whole number' })
  @Min(1024, { message: 'JSON_BODY_LIMIT_BYTES must be at least 1024' })
  JSON_BODY_LIMIT_BYTES = 1024 * 1024;

  /** Largest uploaded file, in bytes (domain rule: 20 MB). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'UPLOAD_MAX_BYTES must be a whole number' })
  @Min(1, { message: 'UPLOAD_MAX_BYTES must be positive' })
  UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

  /**
   * Proxies whose X-Forwarded-For is believed for the client address (rate limits, logs): `none`, or a list of
   * `loopback`, `linklocal`, `uniquelocal`, addresses and CIDRs — e.g. the ingress controller's pod network.
   */
  @Expose() @IsString() TRUST_PROXY = 'loopback';

  /**
   * How long an idle kept-alive connection stays open. Above the idle timeout of clients and load balancers (60 s is
   * common), so that the client, not the gateway, closes it: a server that closes first races a client reusing it.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1000, { message: 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be at least 1000' })
  @Max(290_000, { message: 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be at most 290000' })
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;

  /** How long a client may take to send a request's headers; above the keep-alive timeout. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'HTTP_HEADERS_TIMEOUT_MS must be a whole number of milliseconds' })
  @Max(HTTP_REQUEST_TIMEOUT_MS, { message: `HTTP_HEADERS_TIMEOUT_MS must be at most ${HTTP_REQUEST_TIMEOUT_MS}` })
  HTTP_HEADERS_TIMEOUT_MS = 66_000;

  /** The built console (default: apps/console/dist beside the gateway). */
  @Expose() @IsOptional() @IsString() CONSOLE_DIR?: string;

  /**
   * The console's OpenID Connect sign-in (authorization code with PKCE) when AUTH_MODE is not development: the issuer
   * (default JWT_ISSUER), the console's client id at that issuer, and the scopes it asks for.
   */
  @Expose()
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'CONSOLE_OIDC_ISSUER must be a URL' },
  )
  CONSOLE_OIDC_ISSUER?: string;
  @Expose() @IsString() CONSOLE_OIDC_CLIENT_ID = 'jlis-console';
  @Expose() @IsString() CONSOLE_OIDC_SCOPE = 'openid profile';

  override crossCheck(): string[] {
    const problems = [...super.crossCheck(), ...callerAssertionPrivateKeyProblems(this), ...tokenSettingProblems(this)];
    problems.push(...parseTrustProxy(this.TRUST_PROXY).problems);
    if (this.HTTP_HEADERS_TIMEOUT_MS <= this.HTTP_KEEP_ALIVE_TIMEOUT_MS) {
      problems.push(
        `HTTP_HEADERS_TIMEOUT_MS (${this.HTTP_HEADERS_TIMEOUT_MS}) must be above HTTP_KEEP_ALIVE_TIMEOUT_MS (${this.HTTP_KEEP_ALIVE_TIMEOUT_MS}).`,
      );
    }
    return problems;
  }

  /** TRUST_PROXY as Fastify takes it (checked at boot by crossCheck). */
  trustedProxies(): string[] | false {
    return parseTrustProxy(this.TRUST_PROXY).proxies;
  }

  /** The issuer the console signs in with (CONSOLE_OIDC_ISSUER, else the issuer tokens must name). */
  consoleOidcIssuer(): string | undefined {
    return this.CONSOLE_OIDC_ISSUER ?? this.JWT_ISSUER;
  }

  /** The HS256 secret of development tokens (only read with AUTH_MODE=development). */
  jwtSecret(): string {
    return this.JWT_SECRET ?? DEV_JWT_SECRET;
  }
}
