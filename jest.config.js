// Two projects: fast unit specs beside the code, and integration/e2e specs that start real
// Postgres databases and nats-server processes of their own (see libs/testing).
const swc = ['@swc/jest', { ...JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8')), swcrc: false }];
const moduleNameMapper = {
  '^@jlis/(contracts|runtime|testing)$': '<rootDir>/libs/$1/src/index.ts',
};
const common = {
  // content-disposition 3 (under @fastify/static, which Swagger UI needs on Fastify) is ESM-only, and Jest on Node 20
  // cannot require ESM: it is compiled to CommonJS like our own code.
  transform: { '^.+\\.ts$': swc, '/node_modules/(.+/)?content-disposition/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(.+/)?content-disposition/)'],
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
  setupFiles: ['reflect-metadata'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.integration-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      // Jest applies only the top-level testTimeout; a project's is ignored (hooks without their own timeout then got
      // 5 s, and starting a suite on a loaded machine can take longer). The setup file sets it for this project.
      setupFilesAfterEnv: ['<rootDir>/test/integration-timeout.ts'],
      slowTestThreshold: 30,
    },
  ],
};
