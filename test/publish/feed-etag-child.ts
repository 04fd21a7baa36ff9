/** Run as a child process by feed-etag.test.ts: prints the ETag and a hash of the bytes of one feed request. */
import { createHash } from 'node:crypto';
import { makeCorpus } from './articles.js';
import { harness } from './harness.js';

const res = await harness(makeCorpus(10)).get(process.argv[2] ?? '/feeds/all.rss');
process.stdout.write(JSON.stringify({ etag: res.headers.etag, sha256: createHash('sha256').update(res.text).digest('hex') }));
