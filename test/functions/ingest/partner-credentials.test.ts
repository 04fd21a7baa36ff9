import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { formatSummary } from '../../../shared/ingest/ingest-partners.js';
import { HttpFeedFetcher } from '../../../shared/adapters/http/fetcher.js';
import type { IngestRuntime } from '../../../shared/adapters/runtime.js';
import { containsSecret } from '../../../shared/adapters/http/secret-mask.js';
import { partnerSchema, type Partner, type PartnerInput } from '../../../shared/model/partner.js';
import type { IngestionSummary, SecretResolver } from '../../../shared/ports.js';
import { createPublisher } from '../../../shared/publish/publish.js';
import { DynamoArticleStore } from '../../../shared/adapters/dynamo/article-store.js';
import { DynamoIngestionRunStore } from '../../../shared/adapters/dynamo/run-store.js';
import { DynamoPartnerStateStore } from '../../../shared/adapters/dynamo/partner-state-store.js';
import { S3RawArchive } from '../../../shared/adapters/s3/raw-archive.js';
import { useLocalAws } from '../../support/local-aws.js';
import { startMisbehavingPartner, type MisbehavingPartner } from '../../support/misbehaving-partner.js';

// The worker handler factory, handed a runtime built on this test's own table and bucket.
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.js';

/**
 * Issue 13, points 2 and 3: partners with credentials of every kind, some of whose servers echo the credential
 * back (into a redirect path, percent-encoded, as base64, as the Basic header), are ingested through the real
 * ingest worker into DynamoDB Local and s3rver and published through the real publish use case. Every secret is
 * then hunted, in every spelling, through the log lines, every DynamoDB item, every S3 key, metadata and body, and
 * every published byte.
 */
const SECRET_VALUES: Record<string, string> = {
  'keyed-long': 'wf-9d2c41b7e05a',
  'keyed-short': 'Kz3',
  'header-long': 'hdr/Secret value+7',
  'basic-short': 'B9q',
  'basic-long': 'pass word:with=colon',
};
const secrets: SecretResolver = {
  resolve: async (name) => {
    const value = SECRET_VALUES[name];
    if (value === undefined) throw new Error(`no secret ${name}`);
    return value;
  },
};

/** An RSS feed whose every link is relative: each resolves against whatever URL the fetcher hands back. */
function relativeRss(title: string): string {
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>${title}</title><link>news/</link>
<description>d</description>
<item><title>${title} story</title><guid isPermaLink="false">${title}-1</guid><link>stories/one.html</link>
<pubDate>Thu, 13 Jun 2024 02:30:00 GMT</pubDate>
<description><![CDATA[<p>First paragraph with a <a href="related/two.html">related story</a>.</p><p><img src="pics/inline.jpg" alt="x"> Second paragraph of the story text.</p>]]></description>
<enclosure url="media/photo.jpg" type="image/jpeg" length="1000"/>
<media:content url="media/clip.jpg" medium="image"><media:title>Clip</media:title></media:content>
</item></channel></rss>`;
}

describe('partner credentials never reach logs, storage or published output', () => {
  const aws = useLocalAws('partner-credentials');
  let server: MisbehavingPartner;
  let partners: Partner[];
  const summaries: IngestionSummary[] = [];
  const logLines: string[] = [];
  let published: string[] = [];

  const partner = (input: Omit<PartnerInput, 'name' | 'local'>) => partnerSchema.parse({ name: input.id, local: true, ...input });

  beforeAll(async () => {
    server = await startMisbehavingPartner();
    const keyOf = (url: string | undefined) => new URL(url ?? '/', 'http://x').searchParams.get('key') ?? '';
    // The issue's case: the query key moves from the query into the path, where relative links would pick it up.
    server.on('/q', (req, res) => void res.writeHead(302, { location: `/feeds/${keyOf(req.url)}/rss.xml` }).end());
    server.on(`/feeds/${SECRET_VALUES['keyed-long']}/rss.xml`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(relativeRss('Keyed'));
    });
    // A short key echoed into a path that then fails: the failure is recorded everywhere.
    server.on('/short', (req, res) => void res.writeHead(302, { location: `/gone/${keyOf(req.url)}/${encodeURIComponent(keyOf(req.url))}` }).end());
    // A header secret echoed percent-encoded and in base64, then a server error.
    server.on('/header', (req, res) => {
      const value = String(req.headers['x-api-key']);
      res.writeHead(302, { location: `/err?v=${encodeURIComponent(value)}&b=${Buffer.from(value).toString('base64')}` }).end();
    });
    server.on('/err', (_req, res) => void res.writeHead(500).end());
    // The Authorization header echoed into the path ("Basic%20d2lyZTpC…"), form-encoded into the query too.
    server.on('/basic', (req, res) => {
      const auth = String(req.headers.authorization);
      res.writeHead(302, { location: `/who/${encodeURIComponent(auth)}?u=${new URLSearchParams({ a: auth }).toString().slice(2)}` }).end();
    });
    // A Basic partner whose server echoes the header into the path of a feed that works.
    server.on('/basic-ok', (req, res) => {
      res.writeHead(302, { location: `/ok/${encodeURIComponent(String(req.headers.authorization))}/feed.xml` }).end();
    });
    server.on(`/ok/${encodeURIComponent(`Basic ${Buffer.from(`wire:${SECRET_VALUES['basic-long']}`).toString('base64')}`)}/feed.xml`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(relativeRss('BasicOk'));
    });

    partners = [
      partner({ id: 'keyed-long', feedUrl: server.url('/q'), auth: { type: 'query', param: 'key', secret: 'keyed-long' } }),
      partner({ id: 'keyed-short', feedUrl: server.url('/short'), auth: { type: 'query', param: 'key', secret: 'keyed-short' } }),
      partner({ id: 'header-long', feedUrl: server.url('/header'), auth: { type: 'header', header: 'X-Api-Key', secret: 'header-long' } }),
      partner({ id: 'basic-short', feedUrl: server.url('/basic'), auth: { type: 'basic', username: 'wire', secret: 'basic-short' } }),
      partner({ id: 'basic-long', feedUrl: server.url('/basic-ok'), auth: { type: 'basic', username: 'wire', secret: 'basic-long' } }),
    ];
    const articles = new DynamoArticleStore(aws.dynamo, aws.tableName);
    const partnerStates = new DynamoPartnerStateStore(aws.dynamo, aws.tableName);
    const runs = new DynamoIngestionRunStore(aws.dynamo, aws.tableName);
    const runtime: IngestRuntime = {
      directory: { list: async () => partners },
      deps: {
        fetcher: new HttpFeedFetcher({
          allowLocalPartners: true,
          contactUrl: 'https://wirefeed.example/contact',
          connectTimeoutMs: 2_000,
          totalTimeoutMs: 5_000,
          maxBytes: 1024 * 1024,
          secrets,
        }),
        archive: new S3RawArchive(aws.s3, aws.bucketName),
        articles,
        clusters: articles,
        partnerStates,
        clock: { now: () => new Date() },
        maxFeedBytes: 1024 * 1024,
        circuitFailureThreshold: 5,
        recordRun: (summary) => runs.record(summary),
      },
    };
    // The same lines the Lambda handler and the local stack log for each partner.
    const handler = createIngestHandler(
      Promise.resolve(runtime),
      (summary) => {
        summaries.push(summary);
        logLines.push(formatSummary(summary), JSON.stringify(summary));
      },
      (message) => logLines.push(message),
    );
    const event = {
      Records: partners.map((p, i) => ({ messageId: `m${i}`, body: JSON.stringify({ partnerId: p.id, force: true }) })),
    } as unknown as SQSEvent;
    await handler(event);

    const publish = createPublisher({
      store: articles,
      clock: { now: () => new Date() },
      partners: runtime.directory,
      // The partner status pages show each partner's lastError to readers.
      partnerStates,
      config: { publicBaseUrl: 'https://feeds.example', cacheMaxAgeSeconds: 60, idAuthority: 'feeds.example', siteTitle: 'wirefeed' },
      log: (line) => logLines.push(line),
    });
    const get = async (path: string) => {
      const [rawPath, rawQueryString = ''] = path.split('?') as [string, string?];
      const response = await publish({ method: 'GET', rawPath, rawQueryString, headers: { host: 'feeds.example' } });
      return `${JSON.stringify(response.headers)}\n${String(response.body ?? '')}`;
    };
    const paths = ['/', '/articles?limit=200'];
    for (const scope of ['/feeds/all', ...partners.map((p) => `/feeds/partners/${p.id}`)]) {
      for (const ext of ['.rss', '.atom', '.json', '.html']) paths.push(`${scope}${ext}`);
    }
    published = await Promise.all(paths.map(get));
    const list = JSON.parse(published[1]!.slice(published[1]!.indexOf('\n') + 1)) as { articles: Array<{ id: string }> };
    published.push(...(await Promise.all(list.articles.flatMap((a) => [get(`/articles/${a.id}`), get(`/articles/${a.id}.html`)]))));
  });

  afterAll(async () => {
    await server?.close();
  });

  /** Every place a secret could end up, as text: the name of the place and its content. */
  async function everything(): Promise<Array<[string, string]>> {
    const places: Array<[string, string]> = logLines.map((line, i) => [`log line ${i}`, line]);
    published.forEach((text, i) => places.push([`published response ${i}`, text]));
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await aws.dynamo.send(new ScanCommand({ TableName: aws.tableName, ExclusiveStartKey: startKey as never }));
      for (const item of page.Items ?? []) places.push([`DynamoDB item ${JSON.stringify([item.pk, item.sk])}`, JSON.stringify(item)]);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const listing = await aws.s3.send(new ListObjectsV2Command({ Bucket: aws.bucketName }));
    for (const { Key } of listing.Contents ?? []) {
      const head = await aws.s3.send(new HeadObjectCommand({ Bucket: aws.bucketName, Key }));
      const object = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucketName, Key }));
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      const body = Key!.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      places.push([`S3 object ${Key}`, `${Key}\n${JSON.stringify(head.Metadata)}\n${body}`]);
    }
    return places;
  }

  it('ingests the partners whose feeds work and records the failures of the others', () => {
    const byId = Object.fromEntries(summaries.map((s) => [s.partnerId, s]));
    expect(byId['keyed-long']).toMatchObject({ fetched: true, new: 1, failed: 0 });
    expect(byId['basic-long']).toMatchObject({ fetched: true, new: 1, failed: 0 });
    expect(byId['keyed-short']).toMatchObject({ failed: 1 });
    expect(byId['keyed-short']!.error).toMatch(/^partner "keyed-short": HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/…$/);
    expect(byId['header-long']!.error).toMatch(/^partner "header-long": HTTP 500 from /);
    expect(byId['basic-short']!.error).toMatch(/^partner "basic-short": HTTP 404 from /);
  });

  it('resolves relative item, body and media links against the configured feed URL, never the credentialed one', async () => {
    const list = JSON.parse(published[1]!.slice(published[1]!.indexOf('\n') + 1)) as {
      articles: Array<{ partnerId: string; url: string; bodyHtml: string; media: Array<{ url: string }> }>;
    };
    const keyed = list.articles.find((a) => a.partnerId === 'keyed-long')!;
    expect(keyed.url).toBe(server.url('/news/stories/one.html'));
    expect(keyed.bodyHtml).toContain(`href="${server.url('/news/stories/related/two.html')}"`);
    expect(keyed.media.map((m) => m.url)).toEqual([server.url('/news/media/photo.jpg'), server.url('/news/media/clip.jpg')]);
    const raw = (await everything()).filter(([where]) => where.startsWith('S3 object raw/keyed-long/') && where.endsWith('.gz'));
    expect(raw).toHaveLength(1);
    expect(raw[0]![1]).toContain(`"url":"${encodeURIComponent(server.url('/q'))}"`);
  });

  it('leaves no spelling of any secret in any log line, DynamoDB item, S3 key, metadata or body, or published byte', async () => {
    const places = await everything();
    expect(places.filter(([where]) => where.startsWith('DynamoDB item')).length).toBeGreaterThan(10);
    expect(places.filter(([where]) => where.startsWith('S3 object')).length).toBeGreaterThan(2);
    const leaks: string[] = [];
    for (const p of partners) {
      const secret = SECRET_VALUES[p.auth!.secret]!;
      const username = p.auth!.type === 'basic' ? p.auth!.username : undefined;
      for (const [where, text] of places) if (containsSecret(text, secret, username)) leaks.push(`${p.id} in ${where}`);
    }
    expect(leaks).toEqual([]);
  });
});
