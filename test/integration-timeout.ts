// Integration and end-to-end tests start databases, nats-servers and services: 2 minutes per test and hook unless
// a test says otherwise (see jest.config.js for why this is not the project's testTimeout).
jest.setTimeout(120_000);
