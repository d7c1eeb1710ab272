import { addDays } from '@jlis/runtime';
import type { GrantStatus } from '@jlis/contracts';

/** The immutable facts of a grant, as stored. */
export interface GrantFact {
  id: string;
  createdOn: string;
  effectiveOn: string;
  supersedes: string | null;
}

/** Operator actions, append-only, each from a day on. */
export interface ActionFact {
  grantId: string;
  kind: 'suspended' | 'revoked' | 'reinstated';
  onDate: string;
  seq: number;
}

/**
 * Answers the state of grants on any day from the facts alone, so past days stay answerable and future
 * days can be previewed (the allowlist of a coming date). A grant:
 * - does not exist before its creation day;
 * - is revoked from the day of its first revocation;
 * - is superseded from the day a successor (transitively) takes effect — a successor revoked on or
 *   before its own start date never takes effect;
 * - before its start date is scheduled (or suspended), afterwards active unless suspended.
 */
export class GrantTimeline {
  private readonly byId = new Map<string, GrantFact>();
  private readonly successor = new Map<string, GrantFact>();
  private readonly actions = new Map<string, ActionFact[]>();

  constructor(grants: GrantFact[], actions: ActionFact[]) {
    for (const g of grants) {
      this.byId.set(g.id, g);
      if (g.supersedes) this.successor.set(g.supersedes, g);
    }
    for (const a of [...actions].sort((x, y) => x.seq - y.seq)) {
      this.actions.set(a.grantId, [...(this.actions.get(a.grantId) ?? []), a]);
    }
  }

  revokedOn(id: string): string | null {
    const first = (this.actions.get(id) ?? [])
      .filter((a) => a.kind === 'revoked')
      .map((a) => a.onDate)
      .sort()[0];
    return first ?? null;
  }

  /** The grant that replaces this one (the direct successor), if any. */
  successorOf(id: string): GrantFact | undefined {
    return this.successor.get(id);
  }

  /** Successors in order: the next, the one after, … */
  chainAfter(id: string): GrantFact[] {
    const out: GrantFact[] = [];
    for (let s = this.successor.get(id); s; s = this.successor.get(s.id)) out.push(s);
    return out;
  }

  /** First day a successor takes effect, or null. */
  supersededOn(id: string): string | null {
    const days = this.chainAfter(id)
      .filter((s) => {
        const revoked = this.revokedOn(s.id);
        return !revoked || revoked > s.effectiveOn;
      })
      .map((s) => s.effectiveOn)
      .sort();
    return days[0] ?? null;
  }

  /** Last day the grant is (or was) in effect, when known. */
  effectiveUntil(id: string): string | null {
    const ends = [this.supersededOn(id), this.revokedOn(id)].filter((d): d is string => !!d).sort();
    return ends.length ? addDays(ends[0], -1) : null;
  }

  stateOn(id: string, date: string): GrantStatus | null {
    const g = this.byId.get(id);
    if (!g || date < g.createdOn) return null;
    const revoked = this.revokedOn(id);
    if (revoked && revoked <= date) return 'revoked';
    const superseded = this.supersededOn(id);
    if (superseded && superseded <= date) return 'superseded';
    const last = (this.actions.get(id) ?? []).filter((a) => a.kind !== 'revoked' && a.onDate <= date).at(-1);
    if (last?.kind === 'suspended') return 'suspended';
    return date < g.effectiveOn ? 'scheduled' : 'active';
  }
}
