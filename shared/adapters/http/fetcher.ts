import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import pkg from '../../../package.json' with { type: 'json' };
import { ConfigError, FetchError, WirefeedError, type UndecodedBody } from '../../errors.js';
import type { Partner } from '../../model/partner.js';
import { systemClock, type Clock, type FeedFetcher, type FetchResult, type FetchValidators, type SecretResolver } from '../../ports.js';
import { refusalReason } from './address-guard.js';
import { createSecretMask } from './secret-mask.js';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has; injectable so tests can point names anywhere. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface HttpFeedFetcherOptions {
  /** Config.CONTACT_URL: partners see it in the User-Agent and know whom to call. */
  contactUrl: string;
  /** Time allowed to resolve and connect (and finish TLS) for each hop. */
  connectTimeoutMs: number;
  /** Time allowed for the whole fetch, redirects and body included. */
  totalTimeoutMs: number;
  /** Largest decoded body accepted; the transfer is aborted past it. */
  maxBytes: number;
  /**
   * Whether partners marked `local` (loopback and private addresses allowed) may be fetched at all: true only in
   * the local stack, decided by its composition root. Anywhere else such a partner is refused before any lookup.
   */
  allowLocalPartners: boolean;
  /** Loopback addresses are allowed for every partner: only for a person's one-off try (`wirefeed parse --allow-loopback`). */
  allowLoopback?: boolean;
  /** Redirects followed before giving up (5 unless told). */
  maxRedirects?: number;
  /** Needed only when some partner has `auth`. */
  secrets?: SecretResolver;
  lookup?: HostResolver;
  /** For Retry-After given as an HTTP date. */
  clock?: Clock;
  version?: string;
  /** Extra trusted CA certificates (PEM), added to Node's roots: a partner's private CA, or a test server's. */
  extraCaCertificates?: string[];
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const systemResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family }));

/** Raised inside the DNS hook; it crosses node:net as a plain Error and is turned into a FetchError here. */
class RefusedAddressSignal extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${address} is ${reason}`);
  }
}

class ConnectTimeoutSignal extends Error {}

/**
 * Everything one fetch needs to describe itself without ever showing the partner's secret. Two lines of defence:
 * a URL that may carry the credential (any redirect target of a partner with auth) is shown as its origin only,
 * and every message is then passed through a mask of every spelling of the secret (secret-mask.ts).
 */
class FetchScope {
  private readonly mask: (text: string) => string;
  /** The configured feed URL without userinfo or query key: what is returned, stored and resolved against. */
  readonly configuredUrl: string;

  constructor(
    readonly partner: Partner,
    private readonly secret: string | undefined,
  ) {
    const auth = partner.auth;
    const username = auth?.type === 'basic' ? auth.username : undefined;
    this.mask = createSecretMask(secret === undefined ? [] : [{ secret, username }]);
    this.configuredUrl = URL.canParse(partner.feedUrl) ? this.strip(new URL(partner.feedUrl)) : partner.feedUrl;
  }

  /** The URL as it may appear in a message: no userinfo, no query key, and no path of a redirect target that could echo a credential. */
  show(url: URL): string {
    const copy = new URL(url.href);
    copy.username = '';
    copy.password = '';
    const auth = this.partner.auth;
    if (auth?.type === 'query' && copy.searchParams.has(auth.param)) copy.searchParams.set(auth.param, '***');
    const shown = auth && this.strip(url) !== this.configuredUrl ? `${copy.origin}/…` : copy.href;
    return this.mask(shown);
  }

  /** Whether the text (a redirect target) carries the partner's credential in any spelling. */
  carriesSecret(text: string): boolean {
    return this.mask(text) !== text;
  }

  private strip(url: URL): string {
    const copy = new URL(url.href);
    copy.username = '';
    copy.password = '';
    const auth = this.partner.auth;
    if (auth?.type === 'query') copy.searchParams.delete(auth.param);
    return copy.href;
  }

  /**
   * The URL handed back to the caller, who stores it (raw archive metadata, article fetch URL) and resolves
   * relative links against it. A URL that carried the credential (every URL of a query-key partner, and any
   * redirect target that echoed the secret) is never handed back: the configured feed URL stands for it.
   */
  keep(url: URL, tainted: boolean): string {
    if (tainted || this.partner.auth?.type === 'query') return this.configuredUrl;
    return this.strip(url);
  }

  fail(
    problem: string,
    kind: FetchError['kind'],
    extra: { status?: number; retryAfterSeconds?: number; cause?: unknown; received?: UndecodedBody } = {},
  ): FetchError {
    // Belt and braces: a server may echo the key back in a Location header, a path or a host name.
    const message = `partner "${this.partner.id}": ${this.mask(problem)}`.replace(/[\r\n]+/g, ' ');
    return new FetchError(message, kind, extra.status, extra.retryAfterSeconds, { cause: extra.cause, received: extra.received });
  }
}

/** Parses Retry-After (delay in seconds, or an HTTP date) into whole seconds from now. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // Fractions are not in RFC 9110 but some servers send them: rounded up. Date.parse reads "1.5" as a date in 2001.
  if (/^\d+\.\d+$/.test(text)) return Math.ceil(Number(text));
  // An HTTP date names its month; anything else Date.parse accepts is not one.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * HTTP "deflate" is meant to be zlib-wrapped (RFC 9110), but some servers send raw deflate: the first byte
 * tells them apart (a zlib header has compression method 8 and a checksum over its first two bytes).
 */
class AnyDeflate extends Transform {
  private inner?: zlib.Inflate | zlib.InflateRaw;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    // An empty chunk says nothing about the header the sniffing below reads.
    if (chunk.length === 0) return callback();
    if (!this.inner) {
      const b0 = chunk[0]!;
      const zlibHeader = (b0 & 0x0f) === 8 && b0 >> 4 <= 7 && (chunk.length < 2 || (b0 * 256 + chunk[1]!) % 31 === 0);
      this.inner = zlibHeader ? zlib.createInflate() : zlib.createInflateRaw();
      this.inner.on('data', (data: Buffer) => this.push(data));
      this.inner.on('error', (error) => this.destroy(error));
    }
    this.inner.write(chunk, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner) return callback();
    // Bytes after the end of the deflate stream (seen from real servers) end the inflater early: its 'end' has
    // then already fired, and waiting for it would never return. What follows the stream is dropped, as browsers do.
    if (this.inner.readableEnded) return callback();
    this.inner.once('end', () => callback());
    this.inner.end();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }
}

function decoderFor(encoding: string): NodeJS.ReadWriteStream | undefined | 'unsupported' {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return new AnyDeflate();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'identity':
    case '':
      return undefined;
    default:
      return 'unsupported';
  }
}

function header(res: http.IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host;
}

/**
 * Fetches partner feeds over HTTP(S), politely (conditional GET, a User-Agent with a contact URL, compression)
 * and safely (size and time limits, checked redirects, no connection to internal addresses). Built once per
 * process; each fetch is independent.
 */
export class HttpFeedFetcher implements FeedFetcher {
  private readonly userAgent: string;
  private readonly maxRedirects: number;
  private readonly resolveHost: HostResolver;
  private readonly clock: Clock;
  private readonly ca: string[] | undefined;

  constructor(private readonly options: HttpFeedFetcherOptions) {
    this.userAgent = `wirefeed/${options.version ?? pkg.version} (+${options.contactUrl})`;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.resolveHost = options.lookup ?? systemResolver;
    this.clock = options.clock ?? systemClock;
    this.ca = options.extraCaCertificates?.length ? [...rootCertificates, ...options.extraCaCertificates] : undefined;
  }

  /** Fetches the partner's feed, conditionally on the stored validators; throws FetchError with one clear line. */
  async fetch(partner: Partner, validators: FetchValidators): Promise<FetchResult> {
    if (partner.local && !this.options.allowLocalPartners) {
      throw new FetchError(
        `partner "${partner.id}": marked local (loopback and private addresses allowed), which only the local stack fetches`,
        'refused-address',
      );
    }
    const secret = await this.secretFor(partner);
    const scope = new FetchScope(partner, secret);
    let url = this.startUrl(partner, secret, scope);

    const baseHeaders = this.conditionalHeaders(validators);
    const authHeaders = this.authHeaders(partner, secret);
    const origin = url;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.totalTimeoutMs);
    const visited = new Set<string>();
    // Set once a hop's URL echoed the credential: from then on no URL of this fetch is kept.
    let tainted = false;
    // Where the feed says it now lives: the target of the redirects from the feed URL while each is permanent.
    let moved: { status: number; to: string } | undefined;
    let permanentSoFar = true;
    try {
      for (let redirects = 0; ; redirects++) {
        visited.add(url.href);
        // Credentials go to the configured origin only, never to wherever a redirect points.
        const headers = sameOrigin(url, origin) ? { ...baseHeaders, ...authHeaders } : baseHeaders;
        const res = await this.request(url, headers, partner, scope, controller.signal, redirects > 0);
        const status = res.statusCode ?? 0;
        const location = header(res, 'location');

        if (REDIRECT_STATUSES.has(status) && location) {
          res.destroy();
          const hop = this.redirectTarget({ status, location, url, origin, visited, redirects, scope });
          if (hop.carriesSecret) tainted = true;
          permanentSoFar &&= status === 301 || status === 308;
          if (permanentSoFar) moved = { status, to: scope.show(hop.next) };
          url = hop.next;
          continue;
        }

        if (status === 304) return this.notModified(res, validators, scope, url, tainted);

        if (status < 200 || status > 299) {
          res.destroy();
          const retryAfterSeconds = parseRetryAfter(header(res, 'retry-after'), this.clock.now());
          const hint = retryAfterSeconds === undefined ? '' : ` (retry after ${retryAfterSeconds} s)`;
          throw scope.fail(`HTTP ${status} from ${scope.show(url)}${hint}`, 'status', { status, retryAfterSeconds });
        }

        const kept = scope.keep(url, tainted);
        const body = await this.readBody(res, url, scope, controller.signal, kept);
        return {
          status: 'ok',
          url: kept,
          body,
          contentType: header(res, 'content-type'),
          etag: header(res, 'etag'),
          lastModified: header(res, 'last-modified'),
          httpStatus: status,
          ...(moved && { movedPermanently: moved }),
        };
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (controller.signal.aborted) {
        throw scope.fail(`timed out after ${this.options.totalTimeoutMs} ms fetching ${scope.show(url)}`, 'timeout', {
          cause: error,
        });
      }
      throw this.describeFailure(error, url, scope);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A 304: the validators it carries, else the ones sent. */
  private notModified(res: http.IncomingMessage, validators: FetchValidators, scope: FetchScope, url: URL, tainted: boolean): FetchResult {
    res.destroy();
    // Not Modified answers a conditional request only: to a plain GET it says nothing about the feed, and taking
    // it as "unchanged" would keep a partner whose cache misbehaves silently stale for ever.
    if (!validators.etag && !validators.lastModified) {
      throw scope.fail(`HTTP 304 to an unconditional request from ${scope.show(url)}`, 'status', { status: 304 });
    }
    return {
      status: 'not-modified',
      url: scope.keep(url, tainted),
      etag: header(res, 'etag') ?? validators.etag,
      lastModified: header(res, 'last-modified') ?? validators.lastModified,
    };
  }

  /** The headers of every hop: who we are, what we read, and the stored validators for a conditional GET. */
  private conditionalHeaders(validators: FetchValidators): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    return headers;
  }

  /** Where a redirect leads, checked: a valid Location, the credential kept on its origin, no loop, not too many. */
  private redirectTarget(hop: {
    status: number;
    location: string;
    url: URL;
    origin: URL;
    visited: Set<string>;
    redirects: number;
    scope: FetchScope;
  }): { next: URL; carriesSecret: boolean } {
    const { status, location, url, origin, visited, redirects, scope } = hop;
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw scope.fail(`HTTP ${status} from ${scope.show(url)} with an invalid Location`, 'redirects', { status });
    }
    const carriesSecret = scope.carriesSecret(next.href);
    // The partner's own server may put its key in its own paths (followed, never kept), but handing the key to
    // another origin in a URL would leak it to whoever runs that origin.
    if (carriesSecret && !sameOrigin(next, origin)) {
      throw scope.fail(`refused a redirect from ${scope.show(url)} to another origin in a URL that carries the credential`, 'redirects', { status });
    }
    if (visited.has(next.href)) {
      throw scope.fail(`redirect loop: ${scope.show(url)} leads back to ${scope.show(next)}`, 'redirects', { status });
    }
    if (redirects >= this.maxRedirects) {
      throw scope.fail(`more than ${this.maxRedirects} redirects from ${scope.show(origin)}`, 'redirects', { status });
    }
    return { next, carriesSecret };
  }

  private async secretFor(partner: Partner): Promise<string | undefined> {
    if (!partner.auth) return undefined;
    if (!this.options.secrets) {
      throw new ConfigError(`partner "${partner.id}": auth is configured but no secret source is`);
    }
    try {
      return await this.options.secrets.resolve(partner.auth.secret);
    } catch (error) {
      const reason = error instanceof WirefeedError ? error.message : 'lookup failed';
      throw new ConfigError(`partner "${partner.id}": ${reason}`, { cause: error });
    }
  }

  private startUrl(partner: Partner, secret: string | undefined, scope: FetchScope): URL {
    let url: URL;
    try {
      url = new URL(partner.feedUrl);
    } catch {
      throw scope.fail('feed URL is not a valid URL', 'protocol');
    }
    if (partner.auth?.type === 'query' && secret !== undefined) url.searchParams.set(partner.auth.param, secret);
    return url;
  }

  private authHeaders(partner: Partner, secret: string | undefined): Record<string, string> {
    const auth = partner.auth;
    if (!auth || secret === undefined) return {};
    if (auth.type === 'header') return { [auth.header.toLowerCase()]: secret };
    if (auth.type === 'basic') {
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${secret}`).toString('base64')}` };
    }
    return {};
  }

  /** Checks one hop's URL, then opens it; resolves with the response head. */
  private request(
    url: URL,
    headers: Record<string, string>,
    partner: Partner,
    scope: FetchScope,
    signal: AbortSignal,
    isRedirect: boolean,
  ): Promise<http.IncomingMessage> {
    const what = isRedirect ? 'redirect target' : 'feed URL';
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw scope.fail(`only http and https are fetched, not ${url.protocol} (${what} ${scope.show(url)})`, 'protocol');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // node:net skips the lookup hook for IP literals, so they are checked here, before any socket exists.
    if (isIP(host)) {
      const reason = refusalReason(host, partner, { allowLoopback: this.options.allowLoopback });
      if (reason) throw scope.fail(`refused ${what} ${scope.show(url)}: ${host} is ${reason}`, 'refused-address');
    }

    const lookup = (
      hostname: string,
      opts: LookupOptions,
      callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
    ): void => {
      this.resolveHost(hostname).then(
        (found) => {
          const addresses = opts.family ? found.filter((a) => a.family === opts.family) : found;
          if (addresses.length === 0) {
            const error: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
            error.code = 'ENOTFOUND';
            return callback(error, '');
          }
          // Every address is checked, and node:net connects only to what this hook returns: no second lookup
          // that DNS could answer differently (rebinding).
          for (const a of addresses) {
            const reason = refusalReason(a.address, partner, { allowLoopback: this.options.allowLoopback });
            if (reason) return callback(new RefusedAddressSignal(a.address, reason), '');
          }
          if (opts.all) return callback(null, addresses);
          return callback(null, addresses[0]!.address, addresses[0]!.family);
        },
        (error: NodeJS.ErrnoException) => callback(error, ''),
      );
    };

    const isHttps = url.protocol === 'https:';
    const client = isHttps ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request({
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        lookup,
        signal,
        agent: false,
        ...(isHttps && this.ca ? { ca: this.ca } : {}),
      });
      const connectTimer = setTimeout(
        () => req.destroy(new ConnectTimeoutSignal()),
        Math.min(this.options.connectTimeoutMs, this.options.totalTimeoutMs),
      );
      req.once('socket', (socket) => socket.once(isHttps ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer)));
      req.once('close', () => clearTimeout(connectTimer));
      req.once('response', resolve);
      req.once('error', (error) => {
        if (error instanceof RefusedAddressSignal) {
          reject(scope.fail(`refused ${what} ${scope.show(url)}: ${error.address} is ${error.reason}`, 'refused-address'));
        } else if (error instanceof ConnectTimeoutSignal) {
          reject(scope.fail(`could not connect within ${this.options.connectTimeoutMs} ms to ${scope.show(url)}`, 'timeout'));
        } else {
          reject(error);
        }
      });
      req.end();
    });
  }

  /** Reads and decodes the body, stopping as soon as it grows past maxBytes. */
  private async readBody(res: http.IncomingMessage, url: URL, scope: FetchScope, signal: AbortSignal, keptUrl: string): Promise<Uint8Array> {
    const max = this.options.maxBytes;
    const tooLarge = () => scope.fail(`body larger than ${max} bytes from ${scope.show(url)}`, 'too-large');
    const encodings = (header(res, 'content-encoding') ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== '' && e !== 'identity');
    // An encoded body larger than the limit decodes larger still.
    if (Number(header(res, 'content-length')) > max) {
      res.destroy();
      throw tooLarge();
    }
    const decoders: NodeJS.ReadWriteStream[] = [];
    let unsupported: string | undefined;
    // Encodings are listed in the order they were applied, so they are undone last to first.
    for (const encoding of [...encodings].reverse()) {
      const decoder = decoderFor(encoding);
      if (decoder === 'unsupported') {
        unsupported = encoding;
        break;
      }
      if (decoder) decoders.push(decoder);
    }
    const receivedAs = (body: Buffer): UndecodedBody => ({
      url: keptUrl,
      httpStatus: res.statusCode ?? 200,
      contentType: header(res, 'content-type'),
      etag: header(res, 'etag'),
      contentEncoding: header(res, 'content-encoding') ?? '',
      body,
    });

    // Remembered here because pipeline may report the teardown (an AbortError) instead of the sink's own error.
    let overLimit: FetchError | undefined;
    /** The bytes of a source, refused as soon as they grow past the limit. */
    const collect = async (source: AsyncIterable<Buffer>): Promise<Buffer> => {
      const parts: Buffer[] = [];
      let length = 0;
      for await (const part of source) {
        length += part.length;
        if (length > max) throw (overLimit = tooLarge());
        parts.push(part);
      }
      return Buffer.concat(parts, length);
    };
    let body: Buffer | undefined;
    // An encoded body is read whole before it is decoded (it is the smaller form, and bounded by the same limit),
    // so one whose decoding fails can still be archived as received, as every payload fetched is.
    let encoded: Buffer | undefined;
    try {
      if (decoders.length > 0 || unsupported) encoded = await collect(res);
      if (unsupported) {
        throw scope.fail(`unsupported Content-Encoding "${unsupported}" from ${scope.show(url)}`, 'protocol', { received: receivedAs(encoded!) });
      }
      const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
        body = await collect(source);
      };
      // pipeline's typings cannot express a variable number of middle stages. The signal makes the total timeout
      // hard: aborting the request ends the socket, but a decoder that has all its input and never finishes would
      // hold the fetch open for ever; pipeline destroys every stage on abort.
      const source = encoded ? Readable.from(encoded.length > 0 ? [encoded] : []) : res;
      await (pipeline as (...stages: unknown[]) => Promise<void>)(source, ...decoders, sink, { signal });
    } catch (error) {
      res.destroy();
      if (overLimit) throw overLimit;
      if (error instanceof FetchError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code.startsWith('Z_') || code.startsWith('ERR__')) {
        const received = encoded && receivedAs(encoded);
        throw scope.fail(`corrupt ${encodings.join(', ')} body from ${scope.show(url)}`, 'protocol', { cause: error, received });
      }
      throw error;
    }
    return body!;
  }

  private describeFailure(error: unknown, url: URL, scope: FetchScope): FetchError {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return scope.fail(`cannot resolve ${url.hostname} (${code}) for ${scope.show(url)}`, 'network', { cause: error });
    }
    const what = code ?? (error instanceof Error ? error.message : String(error));
    return scope.fail(`${what} fetching ${scope.show(url)}`, 'network', { cause: error });
  }
}
