'use strict';
// The deployment descriptions' tests: render the kustomize overlays, validate them against the Kubernetes and KEDA
// schemas, parse the NATS Helm values and the Dockerfile. kubernetes-models and its helpers ship ES modules only
// ("import" exports, no CommonJS build), which Jest's CommonJS runtime cannot load: map their subpaths to files and
// let SWC turn those into CommonJS, as it does our TypeScript.
const { join } = require('node:path');

const preset = require('../jest.preset')(__dirname, { displayName: 'deploy', testMatch: ['<rootDir>/**/*.spec.ts'] });
const modules = join(__dirname, '..', 'node_modules');
const esm = '(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)';
const toCommonJs = [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' }, swcrc: false },
];

module.exports = {
  ...preset,
  transform: { ...preset.transform, [`/node_modules/${esm}/.+\\.js$`]: toCommonJs },
  transformIgnorePatterns: [`/node_modules/(?!${esm}/)`],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^kubernetes-models/(.*)$': `${modules}/kubernetes-models/$1`,
    '^@kubernetes-models/(base|validate)$': `${modules}/@kubernetes-models/$1/dist/index.js`,
    '^@kubernetes-models/validate/runtime/(.*)$': `${modules}/@kubernetes-models/validate/dist/runtime/$1`,
    '^@kubernetes-models/(apimachinery|keda)/(.*)$': `${modules}/@kubernetes-models/$1/$2`,
  },
};
