import { Worker } from 'node:worker_threads';
import type { Config } from '../../shared/config.js';
import { describeError, WirefeedError } from '../../shared/errors.js';
import type { IngestionSummary } from '../../shared/ports.js';

/** What the ingest thread is started with (structured-cloned: plain data only). */
export interface IngestThreadData {
  config: Config;
  endpoints: { dynamodb: string; s3: string };
  secretsEnv: Record<string, string | undefined>;
}

/** A tick asked of the ingest thread. */
export interface IngestThreadRequest {
  id: number;
  force: boolean;
}

/** What the ingest thread posts back: log lines as they come, then the tick's summaries. */
export type IngestThreadReply =
  | { kind: 'log'; line: string }
  | { kind: 'done'; id: number; summaries: IngestionSummary[] }
  | { kind: 'failed'; id: number; error: string };

export interface IngestThread {
  /** Runs one scheduled tick in the thread; resolves with its summaries. */
  tick(force: boolean): Promise<IngestionSummary[]>;
  /** Ends the thread (after the tick in flight, if any). */
  stop(): Promise<void>;
}

/**
 * Starts the local stack's ingestion in a worker thread (ingest-thread-main.ts), so that the publish API in the
 * main thread never waits on a partner's document being parsed: in Lambda the two are separate functions, and
 * locally they are separate threads.
 */
export async function startIngestThread(data: IngestThreadData, log: (line: string) => void): Promise<IngestThread> {
  const worker = new Worker(new URL('./ingest-thread.mjs', import.meta.url), { workerData: data });
  const pending = new Map<number, { done: (s: IngestionSummary[]) => void; fail: (e: Error) => void }>();
  let exited = false;
  worker.on('message', (reply: IngestThreadReply) => {
    if (reply.kind === 'log') return log(reply.line);
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.kind === 'done') waiter?.done(reply.summaries);
    else waiter?.fail(new WirefeedError(reply.error));
  });
  worker.on('error', (error) => {
    for (const waiter of pending.values()) waiter.fail(new WirefeedError(`the ingest thread failed: ${describeError(error)}`));
    pending.clear();
  });
  worker.on('exit', () => {
    exited = true;
    for (const waiter of pending.values()) waiter.fail(new WirefeedError('the ingest thread stopped'));
    pending.clear();
  });
  await new Promise<void>((ready, fail) => {
    worker.once('online', ready);
    worker.once('error', fail);
  });
  let nextId = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    tick: (force) => {
      const tick = new Promise<IngestionSummary[]>((done, fail) => {
        if (exited) return fail(new WirefeedError('the ingest thread stopped'));
        const id = ++nextId;
        pending.set(id, { done, fail });
        worker.postMessage({ id, force } satisfies IngestThreadRequest);
      });
      inFlight = tick.catch(() => undefined);
      return tick;
    },
    stop: async () => {
      await inFlight;
      if (!exited) await worker.terminate();
    },
  };
}
