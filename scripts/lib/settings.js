'use strict';
// Settings the scripts validate the way the services do (needs the build: it loads the compiled @jlis/runtime).

/**
 * What provisioning reads from the environment: the retention settings (EVENTS_MAX_AGE_HOURS, INBOX_RETENTION_HOURS,
 * …) validated as the services validate them — a wrong order (inbox rows outlived by the stream) throws the runtime's
 * ConfigError — and the stream's replicas (NATS_STREAM_REPLICAS).
 */
function retentionSettings(env = process.env) {
  const rt = require('@jlis/runtime');
  return rt.loadConfig(rt.ProvisioningSettings, env);
}

/** Ends the process as the services do on a configuration error: the sentences, exit code 78 (EX_CONFIG). */
function exitOnConfigError(name, error) {
  if (error && error.name === 'ConfigError') {
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(78);
  }
  throw error;
}

module.exports = { exitOnConfigError, retentionSettings };
