'use strict';
// Preloaded (`node -r`) into a service profiled with --cpu-prof: SIGUSR2 exits cleanly so that Node writes the
// profile (a SIGTERM goes through Nest's shutdown hooks, which re-raise the signal, and a process killed by a signal
// writes no profile).
process.on('SIGUSR2', () => process.exit(0));
