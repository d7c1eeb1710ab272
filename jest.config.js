'use strict';
// Every project's Jest configuration, so `npx jest <path>` runs any spec from the root. `npm test` and
// `npx nx test <project>` run each project with its own jest.config.js instead (cached per project by Nx).
module.exports = {
  projects: [
    '<rootDir>/apps/*/jest.config.js',
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/test/jest.config.js',
    '<rootDir>/deploy/jest.config.js',
  ],
};
