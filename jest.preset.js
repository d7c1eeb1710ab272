'use strict';
// The Jest settings every project shares; each project's jest.config.js calls this with its own folder, so Nx can run
// (and cache) one project's tests alone. SWC transforms TypeScript (decorator metadata on); type-checking is the
// `typecheck` target's job. Libraries are read from their sources, so tests never need a build.
const { readFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const swc = ['@swc/jest', { ...JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8')), swcrc: false }];

/**
 * @param {string} projectDir the project's folder (`__dirname` of its jest.config.js)
 * @param {{ displayName?: string, testMatch?: string[] }} [options] testMatch defaults to the unit and integration specs under src/
 */
module.exports = function jestConfig(projectDir, options = {}) {
  return {
    displayName: options.displayName ?? basename(projectDir),
    rootDir: projectDir,
    testMatch: options.testMatch ?? ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.integration-spec.ts'],
    // content-disposition 3 (under @fastify/static, which Swagger UI needs on Fastify) is ESM-only, and Jest on Node 20
    // cannot require ESM: it is compiled to CommonJS like our own code.
    transform: { '^.+\\.ts$': swc, '/node_modules/(.+/)?content-disposition/.+\\.js$': swc },
    transformIgnorePatterns: ['/node_modules/(?!(.+/)?content-disposition/)'],
    moduleNameMapper: { '^@jlis/([a-z-]+)$': join(__dirname, 'libs/$1/src/index.ts') },
    testEnvironment: 'node',
    setupFiles: ['reflect-metadata'],
    // Integration and end-to-end specs start databases, nats-servers and services of their own.
    setupFilesAfterEnv: [join(__dirname, 'jest.setup.js')],
    slowTestThreshold: 30,
  };
};
