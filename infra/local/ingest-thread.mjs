// Entry of the local stack's ingest thread: registers tsx (a worker starts without the parent's loaders), then
// runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./ingest-thread-main.ts');
