import type { Command } from './command.js';
import { BadRequestError } from '../errors.js';

/** `wirefeed serve`: the whole pipeline locally (what `npm start` runs). */
export const serveCommand: Command = {
  summary: 'Run the whole pipeline locally: DynamoDB Local, an S3 server, sample partners, the schedule and the API.',
  usage: '[--port N] [--interval SECONDS] [--data DIR]  (PARTNERS_FILE=path: a partners seed, imported and watched)',
  options: {
    port: { type: 'string', description: 'Port of the API on localhost (default 3000, or $PORT).' },
    interval: { type: 'string', description: 'Seconds between dispatch ticks (default 60).' },
    data: { type: 'string', description: 'Folder for DynamoDB and S3 data, kept between runs (default .wirefeed).' },
  },
  async run(values, _positionals, io) {
    const port = portOption(values.port as string | undefined, io.env.PORT);
    const intervalSeconds = intOption(values.interval as string | undefined, '--interval', '60', 1, 86_400);
    const dataDir = (values.data as string | undefined) ?? '.wirefeed';
    io.stdout('Starting DynamoDB Local, the S3 server and the sample partner feeds…\n');
    // Imported lazily: the local stack pulls in the CDK-free but heavy local services only for this command.
    const { startLocalStack } = await import('../../infra/local/stack.js');
    // PARTNERS_FILE replaces the bundled sample partners; a broken one stops the command with one line naming it.
    const stack = await startLocalStack({
      port,
      intervalSeconds,
      dataDir,
      partnersFile: io.env.PARTNERS_FILE,
      env: io.env,
      log: (line) => io.stdout(`${line}\n`),
    });
    io.stdout(
      [
        '',
        'wirefeed is running locally:',
        `  Index page       ${stack.apiUrl}/`,
        `  RSS 2.0          ${stack.apiUrl}/feeds/all.rss`,
        `  Atom 1.0         ${stack.apiUrl}/feeds/all.atom`,
        `  JSON Feed 1.1    ${stack.apiUrl}/feeds/all.json`,
        `  Articles (JSON)  ${stack.apiUrl}/articles?limit=20`,
        `  One article      ${stack.apiUrl}/articles/{id}`,
        `  Partner health   ${stack.apiUrl}/partners.html (JSON: /partners, load balancers: /health)`,
        `  Sample partners  ${stack.samplesOrigin}/feeds/kontan.xml, ${stack.samplesOrigin}/feeds/meridian.xml`,
        `Data is kept in ${dataDir}/. Ingesting every ${intervalSeconds} s; press Ctrl-C to stop.`,
        'Manage partners while it runs: npx wirefeed partners list | add | update | disable | test … (--help for all)',
        '',
      ].join('\n'),
    );
    await stack.tick();
    await new Promise<void>((done) => {
      const shutdown = () => {
        io.stdout('\nStopping…\n');
        stack.stop().then(done, done);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
    io.stdout('Stopped.\n');
    return 0;
  },
};

/** The highest API port: the sample feeds take the next one (samplesPortFor in infra/local/stack.ts). */
const MAX_API_PORT = 65_534;

/** `name` is what the person set (`--interval`, or `PORT` for a port from the environment), for the message. */
function intOption(raw: string | undefined, name: string, fallback: string, min: number, max: number, range = `from ${min} to ${max}`): number {
  const text = raw ?? fallback;
  // Digits only: Number() would also take "0x3c", "1e3" and " 60 ".
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new BadRequestError(`${name} must be a whole number ${range}, not "${text}"`);
  return value;
}

/**
 * The API port: --port, else PORT, else 3000. The sample feeds listen on the next port (Node's own message for
 * 65536 names neither), so the API's is at most 65534; 0 lets the system choose free ports for both.
 */
function portOption(flag: string | undefined, env: string | undefined): number {
  const fromEnv = flag === undefined && env !== undefined && env !== '';
  const range = `from 1 to ${MAX_API_PORT} (the sample feeds take the next port), or 0 for free ports`;
  return intOption(flag ?? (fromEnv ? env : undefined), fromEnv ? 'PORT' : '--port', '3000', 0, MAX_API_PORT, range);
}
