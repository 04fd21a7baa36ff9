import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface SampleFeedServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the bundled sample partner feeds (infra/local/sample-feeds/*) at /feeds/{file}, the way a polite partner
 * does: strong ETag and Last-Modified, and 304 on a matching conditional GET. Files are re-read on every request
 * so editing a sample feed while `npm start` runs shows up at the next ingestion.
 */
export async function startSampleFeedServer(options: { dir: string; port: number; host?: string }): Promise<SampleFeedServer> {
  const files = new Set(await readdir(options.dir));
  const server = createServer(async (req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/feeds\//, ''));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (!files.has(name)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('no such sample feed\n');
      return;
    }
    try {
      const path = join(options.dir, name);
      const [body, info] = await Promise.all([readFile(path), stat(path)]);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
      const headers = { etag, 'last-modified': lastModified, 'content-type': contentTypeOf(name) };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(200, { ...headers, 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(500).end();
    }
  });
  await listen(server, options.port, options.host ?? '127.0.0.1');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function contentTypeOf(name: string): string {
  if (name.endsWith('.json')) return 'application/feed+json; charset=utf-8';
  if (name.endsWith('.atom')) return 'application/atom+xml; charset=utf-8';
  return 'application/rss+xml; charset=utf-8';
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
