import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The small file `npm start` writes under its data folder while it runs, so `wirefeed partners …` finds the local
 * stack without flags: the table, the bucket and the endpoints of DynamoDB Local and s3rver. It holds no secret
 * (the local services take s3rver's published key pair). Removed on a clean stop; a file left by a killed stack is
 * recognised by its process id and ignored.
 */
export interface LocalStackInfo {
  pid: number;
  apiUrl: string;
  tableName: string;
  bucketName: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The partners file the stack imports and watches, when there is one. */
  partnersFile?: string;
}

export const DISCOVERY_FILE = 'local-stack.json';

/** Writes the discovery file; returns a function that removes it. */
export async function writeLocalStackInfo(dataDir: string, info: LocalStackInfo): Promise<() => Promise<void>> {
  const path = join(dataDir, DISCOVERY_FILE);
  await writeFile(path, `${JSON.stringify(info, null, 2)}\n`);
  return () => rm(path, { force: true });
}

/** The running local stack's details, or undefined when none runs from this data folder. */
export async function readLocalStackInfo(dataDir: string): Promise<LocalStackInfo | undefined> {
  let info: LocalStackInfo;
  try {
    info = JSON.parse(await readFile(join(dataDir, DISCOVERY_FILE), 'utf8')) as LocalStackInfo;
  } catch {
    return undefined;
  }
  return processAlive(info.pid) ? info : undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
