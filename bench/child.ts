import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs a TypeScript worker in a fresh Node process (its own heap and JIT), handing it a job file and reading its
 * result from the job's `out` file. Fails with the tail of the child's stderr.
 */
export async function runWorker<T>(opts: {
  script: string;
  job: Record<string, unknown>;
  workDir: string;
  tag: string;
  nodeFlags?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<T> {
  const jobPath = join(opts.workDir, `${opts.tag}.job.json`);
  const out = join(opts.workDir, `${opts.tag}.out.json`);
  writeFileSync(jobPath, JSON.stringify({ ...opts.job, out }));
  const args = [...(opts.nodeFlags ?? []), '--import', 'tsx', opts.script, jobPath];
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: opts.env ?? process.env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) done();
      else fail(new Error(`${opts.tag} exited with ${signal ?? code}: ${stderr.trim().split('\n').slice(-6).join(' | ')}`));
    });
  });
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}
