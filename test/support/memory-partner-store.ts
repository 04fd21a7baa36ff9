import type { Partner } from '../../shared/model/partner.js';
import type { PartnerArticles, PartnerRevision, PartnerState, PartnerStateStore, PartnerStore } from '../../shared/ports.js';
import { checkPartner, partnerEditConflict } from '../../shared/partners.js';

/** Partners in a Map, validated on write like the DynamoDB store; remove() drops the state too. */
export class MemoryPartnerStore implements PartnerStore {
  readonly partners = new Map<string, Partner>();
  constructor(private readonly states?: MemoryStates) {}
  async list(): Promise<Partner[]> {
    return [...this.partners.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((p) => structuredClone(p));
  }
  async get(partnerId: string): Promise<Partner | undefined> {
    const partner = this.partners.get(partnerId);
    return partner && structuredClone(partner);
  }
  /** Each put's revision, by partner id; a partner set into `partners` directly has the revision ''. */
  readonly revisions = new Map<string, string>();
  private puts = 0;
  async read(partnerId: string): Promise<PartnerRevision | undefined> {
    const partner = await this.get(partnerId);
    return partner && { partner, revision: this.revisions.get(partnerId) ?? '' };
  }
  async put(partner: Partner, options: { ifRevision?: string | null } = {}): Promise<void> {
    const valid = checkPartner(structuredClone(partner));
    const { ifRevision } = options;
    const stored = this.partners.has(valid.id) ? (this.revisions.get(valid.id) ?? '') : null;
    if (ifRevision !== undefined && ifRevision !== stored) throw partnerEditConflict(valid.id, ifRevision);
    this.partners.set(valid.id, valid);
    this.revisions.set(valid.id, `r${++this.puts}`);
  }
  async remove(partnerId: string): Promise<boolean> {
    this.states?.states.delete(partnerId);
    this.revisions.delete(partnerId);
    return this.partners.delete(partnerId);
  }
}

/** Partner states in a Map. */
export class MemoryStates implements PartnerStateStore {
  readonly states = new Map<string, PartnerState>();
  async get(partnerId: string): Promise<PartnerState | undefined> {
    const state = this.states.get(partnerId);
    return state && structuredClone(state);
  }
  async put(state: PartnerState): Promise<void> {
    this.states.set(state.partnerId, structuredClone(state));
  }
}

/** Article counts per partner, purged on request. */
export class MemoryPartnerArticles implements PartnerArticles {
  constructor(readonly counts = new Map<string, number>()) {}
  async count(partnerId: string): Promise<number> {
    return this.counts.get(partnerId) ?? 0;
  }
  async purge(partnerId: string): Promise<number> {
    const n = this.counts.get(partnerId) ?? 0;
    this.counts.delete(partnerId);
    return n;
  }
}
