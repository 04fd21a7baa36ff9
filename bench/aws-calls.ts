import { fileURLToPath } from 'node:url';
import { runWorker } from './child.js';
import type { AwsCallsResult, ScenarioRun } from './aws-calls-worker.js';
import { DYNAMODB_READS, DYNAMODB_WRITES } from '../shared/adapters/counting-middleware.js';
import type { TargetCheck } from './report.js';

const WORKER = fileURLToPath(new URL('./aws-calls-worker.ts', import.meta.url));

export interface ScenarioCounts {
  s3Puts: number;
  s3Other: number;
  dynamoReads: number;
  dynamoWrites: number;
  /** Items written in all write calls (articles, index items, partner state, run record). */
  itemsWritten: number;
  /** Article items (pk ART#…) written. */
  articleWrites: number;
  readCapacity: number;
  writeCapacity: number;
  byCommand: Record<string, number>;
  itemsByKind: Record<string, number>;
}

export interface AwsCallsSection {
  how: string;
  scenarios: Array<{
    name: string;
    summary: ScenarioRun['summary'];
    counts: ScenarioCounts;
    durationMs: number;
    response?: ScenarioRun['response'];
    memory?: ScenarioRun['memory'];
    check?: TargetCheck;
  }>;
  articleBytes: number;
  rawBytes: number;
  rawGzipBytes: number;
}

/** Reduces raw per-command counts to the figures the report and the cost model use. */
export function scenarioCounts(run: ScenarioRun): ScenarioCounts {
  const c = run.counts;
  let s3Puts = 0;
  let s3Other = 0;
  let dynamoReads = 0;
  let dynamoWrites = 0;
  for (const [command, n] of Object.entries(c.byCommand)) {
    if (DYNAMODB_READS.has(command)) dynamoReads += n;
    else if (DYNAMODB_WRITES.has(command)) dynamoWrites += n;
    else if (command === 'PutObject' || command === 'CopyObject' || command === 'CompleteMultipartUpload') s3Puts += n;
    else s3Other += n;
  }
  return {
    s3Puts,
    s3Other,
    dynamoReads,
    dynamoWrites,
    itemsWritten: Object.values(c.itemsWritten).reduce((a, b) => a + b, 0),
    articleWrites: c.itemsWritten.ART ?? 0,
    readCapacity: c.readCapacity,
    writeCapacity: c.writeCapacity,
    byCommand: c.byCommand,
    itemsByKind: c.itemsWritten,
  };
}

/** The issue's rule for each scenario, checked on its counts. */
export function checkScenario(name: string, c: ScenarioCounts): TargetCheck | undefined {
  const calls = `${c.s3Puts} S3 PUT, ${c.articleWrites} article writes, ${c.dynamoWrites} DynamoDB write calls`;
  if (name.includes('304')) return { target: 'a 304 costs 0 S3 PUTs and 0 article writes', measured: calls, met: c.s3Puts === 0 && c.articleWrites === 0 };
  if (name.startsWith('same body')) return { target: 'an unchanged body costs 0 article writes and ≤ 1 S3 PUT', measured: calls, met: c.articleWrites === 0 && c.s3Puts <= 1 };
  if (name.startsWith('50 new')) {
    const writeCalls = (c.byCommand.BatchWriteItem ?? 0) + (c.byCommand.TransactWriteItems ?? 0) + (c.byCommand.PutItem ?? 0);
    // The band and category index items go 25 to a BatchWriteItem: batched means fewer calls than articles.
    return { target: '50 new items are written in batches, not one call each', measured: `${c.articleWrites} articles in ${writeCalls} write calls (index items included)`, met: c.articleWrites === 50 && writeCalls < c.articleWrites };
  }
  return undefined;
}

/** Items in the big first fetch (issue 16: a 3,000-item, 11 MB feed took 5.3 minutes and 549 MB). */
export const BIG_FIRST_FETCH_ITEMS = 3000;

export async function runAwsCallsBench(opts: { workDir: string; log: (line: string) => void }): Promise<AwsCallsSection> {
  const { runs, articleBytes, rawBytes, rawGzipBytes } = await runWorker<AwsCallsResult>({ script: WORKER, workDir: opts.workDir, tag: 'aws-calls', job: {}, timeoutMs: 600_000 });
  try {
    const big = await runWorker<AwsCallsResult>({
      script: WORKER,
      workDir: opts.workDir,
      tag: 'aws-calls-big',
      nodeFlags: ['--expose-gc'],
      job: { bigFirstFetch: BIG_FIRST_FETCH_ITEMS },
      timeoutMs: 1_800_000,
    });
    runs.push(...big.runs);
  } catch (error) {
    opts.log(`aws: the ${BIG_FIRST_FETCH_ITEMS}-item first fetch failed: ${(error as Error).message.split('\n')[0]}`);
  }
  opts.log(`aws: ${runs.map((r) => `${r.name}: ${Object.values(r.counts.byCommand).reduce((a, b) => a + b, 0)} calls`).join('; ')}`);
  return {
    how:
      'ingestPartner (the real use case) with a fake fetcher, against DynamoDB Local and s3rver; storage adapters built as the ingest function builds them, ' +
      'a counting SDK middleware on both clients (ReturnConsumedCapacity=TOTAL asked for). Scenarios run in this order on one partner, each counted alone. ' +
      'Writes include the partner state and the ingestion-run record, and the near-duplicate band index as the ingest function wires it. The publish rows are one request each through the publish use case on the same table, a minute after the last ingestion (the feed stamps have settled); the second sends the first one\'s ETag. ' +
      `The ${BIG_FIRST_FETCH_ITEMS}-item first fetch runs alone in a fresh process (another partner, same services), for its peak memory.`,
    scenarios: runs.map((run) => {
      const counts = scenarioCounts(run);
      return { name: run.name, summary: run.summary, counts, durationMs: run.durationMs, response: run.response, memory: run.memory, check: checkScenario(run.name, counts) };
    }),
    articleBytes,
    rawBytes,
    rawGzipBytes,
  };
}
