// What the bench's wirefeed contenders call (bench/wirefeed-module.ts bundles this file).
export { parseFeed } from '../shared/index.js';
export { readFeed } from '../shared/formats/index.js';
export { ingestPartner } from '../shared/ingest/ingest-partner.js';
export { MemoryArticleStore, MemoryPartnerStateStore, MemoryRawArchive } from '../shared/adapters/memory.js';
export { MemoryItemHashStore } from '../shared/adapters/memory-item-hash-store.js';
export { partnerSchema } from '../shared/model/partner.js';
