import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Article } from '../../shared/model/article.js';
import type { Partner } from '../../shared/model/partner.js';
import type { PartnerState } from '../../shared/ports.js';
import { publicStateReader } from '../../shared/partner-admin/status.js';
import { createPublishHandler } from '../../functions/publish/apigw.js';
import { createPublisher, type PublishConfig, type PublishDeps } from '../../shared/publish/publish.js';
import { MemoryArticleStore } from '../../shared/adapters/memory.js';

export const NOW = new Date('2024-07-01T00:00:00.000Z');

export function partner(id: string, name: string, defaultLanguage?: string, timeZone?: string): Partner {
  return { id, name, feedUrl: `https://${id}.example.com/feed.xml`, format: 'auto', defaultLanguage, ...(timeZone === undefined ? {} : { timeZone }), pollIntervalSeconds: 300, enabled: true, local: false };
}

export const PARTNERS = [partner('antara', 'ANTARA News', 'id'), partner('kontan', 'KONTAN', 'id', 'Asia/Jakarta'), partner('reuters', 'Reuters', 'en')];

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** An API Gateway HTTP API event for a GET of `url` (path and query), as API Gateway would send it. */
export function event(url: string, headers: Record<string, string> = {}, method = 'GET'): APIGatewayProxyEventV2 {
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: q === -1 ? '' : url.slice(q + 1),
    headers: { host: 'news.example.com', 'x-forwarded-proto': 'https', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'news.example.com',
      domainPrefix: 'news',
      http: { method, path: safeDecode(rawPath), protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'req',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jul/2024:00:00:00 +0000',
      timeEpoch: NOW.getTime(),
    },
    isBase64Encoded: false,
  };
}

export interface Harness {
  store: MemoryArticleStore;
  get(url: string, headers?: Record<string, string>, method?: string): Promise<APIGatewayProxyStructuredResultV2 & { text: string; headers: Record<string, string> }>;
  logs: string[];
}

/** The publish Lambda handler over an in-memory store, a fixed clock and the sample partners. */
export function harness(
  articles: Article[],
  config: Partial<PublishConfig> = {},
  now: Date = NOW,
  options: Pick<PublishDeps, 'partnerStates'> & { states?: PartnerState[]; partners?: () => Promise<Partner[]> } = {},
): Harness {
  const store = new MemoryArticleStore({ articles, clock: { now: () => now } });
  const logs: string[] = [];
  const handler = createPublishHandler(
    createPublisher({
      store,
      clock: { now: () => now },
      partners: { list: options.partners ?? (async () => PARTNERS) },
      // As the composition root does: the publisher reads states through the redacting reader.
      ...(options.states
        ? {
            partnerStates: publicStateReader(
              { get: async (id: string) => options.states!.find((s) => s.partnerId === id) },
              { get: async (id: string) => PARTNERS.find((p) => p.id === id) },
            ),
          }
        : {}),
      config: { cacheMaxAgeSeconds: 60, idAuthority: 'news.example.com', siteTitle: 'wirefeed', ...config },
      log: (line) => logs.push(line),
      ...(options.partnerStates ? { partnerStates: options.partnerStates } : {}),
    }),
  );
  return {
    store,
    logs,
    async get(url, headers = {}, method = 'GET') {
      const result = await handler(event(url, headers, method));
      const raw = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
      const encoding = (result.headers as Record<string, string>)['content-encoding'];
      const body = encoding === 'gzip' ? gunzipSync(raw) : encoding === 'br' ? brotliDecompressSync(raw) : raw;
      return { ...result, headers: result.headers as Record<string, string>, text: body.toString('utf8') };
    },
  };
}
