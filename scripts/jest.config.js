'use strict';
module.exports = require('../jest.preset')(__dirname, {
  testMatch: ['<rootDir>/**/*.integration-spec.ts', '<rootDir>/**/*.spec.ts'],
});
