'use strict';
// Integration and end-to-end tests start databases, nats-servers and services: 2 minutes per test and hook unless a
// test says otherwise. Set here rather than as testTimeout, which Jest ignores in a config listed under `projects`
// (the root jest.config.js), where hooks then got 5 s.
jest.setTimeout(120_000);
