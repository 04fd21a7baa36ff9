/**
 * What the peak memory of parsing the 10 MB feed is made of (bench/NOTES.md, Memory): one part per process.
 *   node --expose-gc [--max-semi-space-size=1] --import tsx bench/memory-parts.ts open|stream|parseFeed
 * open: decode and build the tree only; stream: read and normalize each item, keeping nothing; parseFeed: every
 * article returned. Prints the peak RSS over the RSS before (after two full GCs), as a multiple of the input.
 */
import { parseFeed } from '../shared/index.js';
import { openFeed } from '../shared/formats/index.js';
import { normalizeItem } from '../shared/normalize/index.js';
import { LARGE_INPUT, SYNTHETIC } from './corpus.js';

const MODES = ['open', 'stream', 'parseFeed'] as const;
type Mode = (typeof MODES)[number];
const URL = 'https://feeds.bench.example/feed.xml';

function run(mode: Mode, bytes: Buffer): number {
  if (mode === 'parseFeed') return parseFeed(bytes, { partnerId: 'bench', url: URL }).length;
  const reading = openFeed(bytes, { url: URL });
  if (mode === 'open') return reading.count;
  const feed = reading.feed();
  let articles = 0;
  for (let i = 0; i < reading.count; i++) {
    const item = reading.read(i);
    reading.release(i);
    if (!('skipped' in normalizeItem(item, { partnerId: 'bench' }, feed))) articles++;
  }
  return articles;
}

const mode = process.argv[2] as Mode;
const gc = (globalThis as { gc?: () => void }).gc;
if (!MODES.includes(mode) || !gc) {
  console.error(`usage: node --expose-gc --import tsx bench/memory-parts.ts ${MODES.join('|')}`);
  process.exit(2);
}
const input = Buffer.from(SYNTHETIC.find((s) => s.name === LARGE_INPUT)!.make());
// Compile the code paths on a tiny feed first, as the bench's memory job does.
run(mode, Buffer.from('<rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://a.example/1</link><description>b</description></item></channel></rss>'));
gc();
gc();
const before = process.memoryUsage.rss();
const count = run(mode, input);
const peak = process.resourceUsage().maxRSS * 1024;
console.log(`${mode}: ${count} items, peak extra ${((peak - before) / input.length).toFixed(2)}× the ${(input.length / 1e6).toFixed(2)} MB input`);
