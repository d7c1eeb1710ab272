'use strict';
// Compiled code lives in dist/ (npm run build); TypeScript and Jest read src/ directly.
module.exports = require('../../dist/libs/testing/src/index.js');
