import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { GatewayConfig } from '../gateway.config';

/** Where the console is served: its index at /console/, its hashed files at /console/assets/. */
export const CONSOLE_PATH = '/console';

/** What the console reads from its page at start (a meta tag: no inline script, so the CSP needs no hash). */
export interface ConsoleSettings {
  authMode: 'development' | 'oidc';
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcScope?: string;
}

/** The built console beside the gateway's sources or build (apps/gateway/{src,dist}/console → apps/console/dist). */
export function defaultConsoleDir(): string {
  return path.resolve(__dirname, '../../../console/dist');
}

export function consoleSettings(config: GatewayConfig): ConsoleSettings {
  if (config.developmentAuth) return { authMode: 'development' };
  return {
    authMode: 'oidc',
    oidcIssuer: config.consoleOidcIssuer(),
    oidcClientId: config.CONSOLE_OIDC_CLIENT_ID,
    oidcScope: config.CONSOLE_OIDC_SCOPE,
  };
}

/**
 * The console's Content-Security-Policy: nothing external. Scripts, styles and fonts from the gateway only; API calls
 * to the gateway and, for OIDC discovery and the token endpoint, the issuer's origin; uploaded PDFs are shown as
 * `blob:` URLs in a frame by the browser's own viewer (which needs `object-src blob:` inside that frame).
 */
export function consoleCsp(settings: ConsoleSettings): string {
  const issuer = settings.oidcIssuer ? ` ${new URL(settings.oidcIssuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${issuer}`,
    'frame-src blob:',
    'object-src blob:',
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** index.html with the settings in a meta tag (HTML-escaped JSON). */
export function consoleIndex(html: string, settings: ConsoleSettings): string {
  const json = JSON.stringify(settings).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return html.replace('</head>', `<meta name="jlis-console" content="${json}"></head>`);
}

/**
 * Serves the built console: hashed assets (cached for a year: their names change with their content) and, for every
 * other path under /console, index.html — the single-page app routes in the browser, so a reload of
 * /console/cases/… must answer the app. Not built: one warning, and /console answers 404 like any unknown path.
 */
export async function registerConsole(
  fastify: FastifyInstance,
  config: GatewayConfig,
  logger: Logger,
  dir = config.CONSOLE_DIR ?? defaultConsoleDir(),
): Promise<void> {
  const indexFile = path.join(dir, 'index.html');
  if (!existsSync(indexFile)) {
    logger.warn({ dir }, 'the console is not built (npm start builds it): /console is not served');
    return;
  }
  const settings = consoleSettings(config);
  const csp = consoleCsp(settings);
  const index = consoleIndex(readFileSync(indexFile, 'utf8'), settings);
  await fastify.register(fastifyStatic, {
    root: path.join(dir, 'assets'),
    prefix: `${CONSOLE_PATH}/assets/`,
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => res.raw.setHeader('content-security-policy', csp),
  });
  const page = (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .header('content-security-policy', csp)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(index);
  fastify.get(CONSOLE_PATH, (_request, reply) => reply.redirect(`${CONSOLE_PATH}/`));
  fastify.get(`${CONSOLE_PATH}/`, page);
  fastify.get(`${CONSOLE_PATH}/*`, page);
}
