import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, openApiText } from './openapi.document';

const ROOT = path.resolve(__dirname, '../../../..');
const COMMITTED = path.join(ROOT, 'docs/openapi.json');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

describe('the OpenAPI document', () => {
  let sut: OpenAPIObject;

  beforeAll(async () => {
    sut = await buildOpenApiDocument();
  });

  const operations = () =>
    Object.entries(sut.paths).flatMap(([route, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${route}`, operation: item[m]! })),
    );

  it('is the committed docs/openapi.json', () => {
    const committed = readFileSync(COMMITTED, 'utf8');
    // Not toEqual on the text: the message must say what to do rather than print 300 kB of diff.
    if (committed !== openApiText(sut)) {
      throw new Error('docs/openapi.json differs from the gateway’s routes and schemas: run `npm run openapi`.');
    }
  });

  it('gives every operation a documented success body', () => {
    const untyped = operations()
      .filter(({ operation }) => {
        const success = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));
        return success.length === 0 || success.some(([, r]) => !r || !('content' in r) || !r.content);
      })
      .map(({ key }) => key);
    expect(untyped).toEqual([]);
  });

  it('answers every error of every operation as a Problem with the codes it can give', () => {
    const wrong: string[] = [];
    for (const { key, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^2/.test(status) || !response) continue;
        const resolved =
          '$ref' in response ? sut.components!.responses![response.$ref.split('/').pop()!] : (response as object);
        const schema = (resolved as { content?: Record<string, { schema?: { allOf?: unknown[] } }> }).content?.[
          'application/problem+json'
        ]?.schema;
        if (!JSON.stringify(schema?.allOf?.[0]).includes('#/components/schemas/Problem'))
          wrong.push(`${key} ${status}`);
      }
      if (!operation.responses['500']) wrong.push(`${key}: no 500`);
    }
    expect(wrong).toEqual([]);
  });

  it('declares every parameter of every path, and no token on the public health checks', () => {
    for (const { key, operation } of operations()) {
      const names = [...key.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (operation.parameters ?? [])
        .filter((p) => 'in' in p && p.in === 'path')
        .map((p) => ('name' in p ? p.name : ''))
        .sort();
      expect([key, declared]).toEqual([key, names]);
    }
    expect(sut.paths['/health'].get!.security).toEqual([]);
    expect(sut.paths['/api/v1/me'].get!.security).toBeUndefined();
  });

  it('lints clean with @redocly/cli (redocly.yaml), offline', () => {
    const cli = require.resolve('@redocly/cli/bin/cli.js', { paths: [ROOT] });
    try {
      // Exits non-zero on any error (warnings are printed, not fatal).
      execFileSync(process.execPath, [cli, 'lint', COMMITTED, '--config', path.join(ROOT, 'redocly.yaml')], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      throw new Error(`redocly lint failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
    }
  });
});
