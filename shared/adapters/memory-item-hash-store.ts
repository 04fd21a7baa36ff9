import type { ItemHashStore } from '../ports.js';

/** Item hashes in memory (tests, the in-memory pipeline). */
export class MemoryItemHashStore implements ItemHashStore {
  readonly maps = new Map<string, Map<string, string>>();

  async get(partnerId: string): Promise<Map<string, string>> {
    return new Map(this.maps.get(partnerId));
  }

  async put(partnerId: string, hashes: Map<string, string>): Promise<void> {
    this.maps.set(partnerId, new Map(hashes));
  }
}
