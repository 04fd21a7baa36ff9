import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';

/**
 * A partner feed server that misbehaves on demand, for fault tests: bound to 127.0.0.1 on a free port, each path
 * scripted with a behaviour. Every request and every TCP connection is recorded, so a test can prove that a
 * refused address was never even connected to.
 */

export type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

/**
 * A self-signed certificate for wire.partner.test and 127.0.0.1, valid until 2126, made for these tests only:
 * its key protects nothing.
 */
export const TEST_TLS = {
  cert: readFileSync(new URL('../fixtures/misbehaving-partner/tls-cert.pem', import.meta.url), 'utf8'),
  key: readFileSync(new URL('../fixtures/misbehaving-partner/tls-key.pem', import.meta.url), 'utf8'),
};

export interface MisbehavingPartner {
  /** http://127.0.0.1:<port> (https:// when started with tls) */
  origin: string;
  port: number;
  url(path: string): string;
  /** Scripts a path (the query string is ignored when matching). */
  on(path: string, behaviour: Behaviour): void;
  requests: RecordedRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a scriptable partner server (HTTPS with TEST_TLS when asked); unscripted paths answer 404. */
export async function startMisbehavingPartner(options: { tls?: boolean } = {}): Promise<MisbehavingPartner> {
  const routes = new Map<string, Behaviour>();
  const requests: RecordedRequest[] = [];
  let connections = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path: req.url ?? '/', headers: req.headers });
    const behaviour = routes.get(path) ?? behave.status(404);
    behaviour(req, res);
  };
  const server = options.tls ? createTlsServer(TEST_TLS, handle) : createServer(handle);
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    origin,
    port,
    url: (path) => origin + path,
    on: (path, behaviour) => void routes.set(path, behaviour),
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const RSS = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://example.com/</link>` +
  `<description>d</description><item><title>Story</title><guid>g1</guid></item></channel></rss>`;

/** A small RSS document for tests that need a body. */
export function sampleRss(title = 'Sample wire'): string {
  return RSS(title);
}

/** Ready-made behaviours. */
export const behave = {
  /** 200 with the body and headers given. */
  feed(body: string | Buffer, headers: Record<string, string> = {}): Behaviour {
    return (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers });
      res.end(body);
    };
  },

  /** 200 with validators, then 304 whenever the client sends them back. */
  conditional(body: string, etag: string, lastModified: string): Behaviour {
    return (req, res) => {
      if (req.headers['if-none-match'] === etag || req.headers['if-modified-since'] === lastModified) {
        res.writeHead(304, { etag, 'last-modified': lastModified });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag, 'last-modified': lastModified });
      res.end(body);
    };
  },

  status(code: number, headers: Record<string, string> = {}, body = `status ${code}`): Behaviour {
    return (_req, res) => {
      res.writeHead(code, { 'content-type': 'text/plain', ...headers });
      res.end(body);
    };
  },

  /** Each request gets the next behaviour; the last one repeats (a partner that breaks, then recovers). */
  sequence(...behaviours: Behaviour[]): Behaviour {
    let next = 0;
    return (req, res) => behaviours[Math.min(next++, behaviours.length - 1)]!(req, res);
  },

  /** Answers nothing at all, keeping the connection open (a hung partner). */
  silent(): Behaviour {
    return () => {};
  },

  redirect(location: string, code = 302): Behaviour {
    return (_req, res) => {
      res.writeHead(code, { location });
      res.end();
    };
  },

  /** Sends the head and a first chunk at once, then one byte every `everyMs` forever: never idle, never done. */
  slowBody(everyMs = 50): Behaviour {
    return (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>slow');
      const timer = setInterval(() => res.write(' '), everyMs);
      res.on('close', () => clearInterval(timer));
    };
  },

  /** A body that never ends, written as fast as the client reads it. */
  endless(): Behaviour {
    return (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let open = true;
      res.on('close', () => (open = false));
      const pump = () => {
        while (open && res.write(chunk));
        if (open) res.once('drain', pump);
      };
      pump();
    };
  },

  /** The body compressed with the named coding and labelled with `contentEncoding` (defaults to the coding). */
  encoded(body: string, coding: 'gzip' | 'br' | 'deflate' | 'deflate-raw', contentEncoding?: string): Behaviour {
    const bytes =
      coding === 'gzip'
        ? gzipSync(body)
        : coding === 'br'
          ? brotliCompressSync(body)
          : coding === 'deflate'
            ? deflateSync(body)
            : deflateRawSync(body);
    const label = contentEncoding ?? (coding === 'deflate-raw' ? 'deflate' : coding);
    return behave.feed(bytes, { 'content-encoding': label });
  },
};
