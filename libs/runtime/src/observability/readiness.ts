/** One dependency readiness depends on: it answers true when usable, within the caller's timeout. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface ReadinessState {
  ready: boolean;
  /** `starting`, `ready`, `not-ready` (a dependency down) or `stopping` (SIGTERM: no new work). */
  status: 'starting' | 'ready' | 'not-ready' | 'stopping';
  checks: Record<string, boolean>;
}

/**
 * Whether this process should be sent work: started (its subscriptions are answering), not shutting down, and every
 * dependency it needs answering (its own database, NATS). Liveness is separate: a process whose database is down is
 * alive and must not be restarted for it, only taken out of its Service until the database is back.
 */
export class Readiness {
  private phase: 'starting' | 'started' | 'stopping' = 'starting';
  private readonly checks: ReadinessCheck[] = [];

  constructor(private readonly timeoutMs = 1500) {}

  add(name: string, check: () => Promise<boolean>): this {
    this.checks.push({ name, check });
    return this;
  }

  /** The process takes work from now on (its subscriptions answer). */
  started(): void {
    if (this.phase === 'starting') this.phase = 'started';
  }

  /** SIGTERM: the process takes no new work; readiness stays false until it exits. */
  stopping(): void {
    this.phase = 'stopping';
  }

  get isStopping(): boolean {
    return this.phase === 'stopping';
  }

  async state(): Promise<ReadinessState> {
    const results = await Promise.all(this.checks.map((c) => this.run(c)));
    const checks = Object.fromEntries(this.checks.map((c, i) => [c.name, results[i]]));
    if (this.phase !== 'started') return { ready: false, status: this.phase, checks };
    const ready = results.every(Boolean);
    return { ready, status: ready ? 'ready' : 'not-ready', checks };
  }

  private async run(c: ReadinessCheck): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((done) => (timer = setTimeout(() => done(false), this.timeoutMs)));
    try {
      return await Promise.race([c.check().catch(() => false), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
