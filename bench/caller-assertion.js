'use strict';
// `node bench/caller-assertion.js` (after `npm run build`): what the gateway's caller assertion costs per request —
// signing in the gateway, verifying (signature, subject, payload digest, expiry, replay cache) in a service — for a
// typical small query and a large command payload. Plain loops on one core, no I/O; figures in docs/benchmarks.md.
const { generateKeyPairSync, randomUUID } = require('node:crypto');
const { CompactSign, compactVerify } = require('jose');

const rt = require('@jlis/runtime');
const N = Number(process.env.N || 20000);

const { privateKey } = generateKeyPairSync('ed25519');
const signer = new rt.CallerAssertionSigner(privateKey);
const verifier = new rt.CallerAssertionVerifier([signer.publicKey]);
const caller = { sub: 'applicant-131016', role: 'applicant', org: '131016' };
const payloads = {
  'small query (application.get, 140 B)': { caller, applicationId: randomUUID() },
  'large command (submission.create, 4 KB)': {
    caller,
    applicationId: randomUUID(),
    idempotencyKey: randomUUID(),
    body: {
      form: 'A-06',
      fields: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`field${i}`, `値 ${'x'.repeat(40)} ${i}`])),
    },
  },
};

/**
 * Runs `fn` 1,000 times to warm up, then N times measured; `fn` gets a running index (never the same twice). Reports
 * CPU time of this process per request (what the request costs a core, less disturbed by other work on a shared
 * machine than wall time), and wall time beside it.
 */
function time(label, fn) {
  for (let i = 0; i < 1000; i++) fn(i);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 1000; i < N + 1000; i++) fn(i);
  const wallUs = Number(process.hrtime.bigint() - t0) / 1e3 / N;
  const { user, system } = process.cpuUsage(cpu0);
  const cpuUs = (user + system) / N;
  console.log(`${label.padEnd(64)} ${cpuUs.toFixed(1).padStart(7)} µs CPU  (${wallUs.toFixed(1)} µs wall)`);
  return cpuUs;
}

async function main() {
  console.log(`${N} requests each, Node ${process.version}\n`);
  for (const [name, payload] of Object.entries(payloads)) {
    const subject = 'intake.application.get';
    const wire = JSON.parse(JSON.stringify(payload)); // what the service parses
    const tokens = Array.from({ length: N + 1000 }, () => signer.sign(subject, payload, caller));
    console.log(`${name}: assertion ${tokens[0].length} characters`);
    time('  sign (gateway)', () => signer.sign(subject, payload, caller));
    time('  verify (service: signature, digest, expiry, replay cache)', (i) =>
      verifier.verify(tokens[i], subject, wire),
    );
    time('  JSON.stringify + SHA-256 of the payload alone', () => rt.payloadDigest(wire));
  }
  // For comparison: the same EdDSA signature through jose (KeyObjects made once as well), async per call.
  const joseSign = async () =>
    new CompactSign(new TextEncoder().encode('{"sub":"x"}')).setProtectedHeader({ alg: 'EdDSA' }).sign(privateKey);
  const jws = await joseSign();
  const publicKey = require('node:crypto').createPublicKey(privateKey);
  const cpu = async (fn) => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) await fn();
    const { user, system } = process.cpuUsage(c0);
    return ((user + system) / N).toFixed(1);
  };
  console.log(
    `\njose CompactSign / compactVerify (tiny payload, no claims checks): ${await cpu(joseSign)} / ${await cpu(() =>
      compactVerify(jws, publicKey),
    )} µs CPU`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
