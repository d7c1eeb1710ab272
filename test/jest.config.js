'use strict';
module.exports = require('../jest.preset')(__dirname, {
  displayName: 'e2e',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
});
