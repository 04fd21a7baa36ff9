// The package's main module for plain Node consumers: registers tsx so the TypeScript sources load without a
// build step, then re-exports the library (parseFeed and friends).
import { register } from 'tsx/esm/api';

register();
const library = await import('./index.ts');

export const { parseFeed, parseFeedDocument, readFeed, normalizeFeed, articleSchema } = library;
export default library;
