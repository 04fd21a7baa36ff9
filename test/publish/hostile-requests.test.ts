import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/services.js';
import { DynamoArticleStore } from '../../shared/adapters/dynamo/article-store.js';
import { DynamoPartnerStore } from '../../shared/adapters/dynamo/partner-store.js';
import { partnerSchema } from '../../shared/model/partner.js';
import { useLocalAws } from '../support/local-aws.js';
import { makeArticle } from '../support/articles.js';
import { event } from './harness.js';

/**
 * Issue 13 point 5: no request shape produces a 5xx. Hostile requests go through the real publish Lambda handler
 * against DynamoDB Local, where an over-long key fails as it would in AWS (DynamoDB's partition key limit is
 * 2048 bytes, the sort key's 1024), without PUBLIC_BASE_URL so that the Host header is read and checked.
 */
const aws = useLocalAws('hostile-requests');
let handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: aws.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: aws.dynamoEndpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
  for (const name of ['PUBLIC_BASE_URL', 'PARTNERS_FILE', 'PARTNERS_PARAMETER']) delete process.env[name];
  await new DynamoArticleStore(aws.dynamo, aws.tableName).putMany([1, 2, 3].map((n) => makeArticle(n)));
  // Partners live in the table: the partner feed below must exist for its cursor to be the thing refused.
  await new DynamoPartnerStore(aws.dynamo, aws.tableName).put(partnerSchema.parse({ id: 'antara', name: 'Antara', feedUrl: 'https://antara.example/rss' }));
  // The handler reads its configuration and builds its client at module scope: imported once the env is set.
  ({ handler } = await import('../../functions/publish/handler.js'));
});
afterAll(() => {
  process.env = savedEnv;
});

const cursorOf = (before: string) => Buffer.from(JSON.stringify({ v: 1, before })).toString('base64url');
const longTag = `en${'-abcdefgh'.repeat(600)}`;

type Case = [name: string, url: string, headers?: Record<string, string>, method?: string, status?: number];

const CASES: Case[] = [
  ['an article id of 2,100 characters', `/articles/${'a'.repeat(2100)}`, {}, 'GET', 404],
  ['an article id just past the documented 128 characters', `/articles/${'b'.repeat(129)}`, {}, 'GET', 404],
  ['an article id of 1,000 four-byte characters', `/articles/${'%F0%9F%98%80'.repeat(1000)}`, {}, 'GET', 404],
  ['a forged cursor with a 1,400-character before', `/articles?cursor=${cursorOf(`2024-06-13T00:00:00.000Z#${'x'.repeat(1400)}`)}`, {}, 'GET', 400],
  ['a forged cursor with a before that is not a sort key', `/feeds/all.rss?cursor=${cursorOf('x'.repeat(1400))}`, {}, 'GET', 400],
  ['a forged cursor on a partner feed', `/feeds/partners/antara.json?cursor=${cursorOf(`#${'y'.repeat(900)}`)}`, {}, 'GET', 400],
  ['a cursor that is not base64 JSON', '/feeds/all.atom?cursor=%00%01%02', {}, 'GET', 400],
  ['a language tag of 5,400 characters in the query', `/feeds/all.rss?lang=${longTag}`, {}, 'GET', 400],
  ['a language tag of 5,400 characters in the path', `/feeds/languages/${longTag}.rss`, {}, 'GET', 404],
  ['a category of 5,000 characters', `/feeds/categories/${'c'.repeat(5000)}.rss`, {}, 'GET', 400],
  ['a path of 10,000 characters', `/${'p/'.repeat(5000)}`, {}, 'GET', 404],
  ['a feed path of 10,000 segments', `/feeds/${'x/'.repeat(10000)}all.rss`, {}, 'GET', 404],
  ['bad percent-encoding in an article id', '/articles/%E0%A4%A', {}, 'GET', 400],
  ['bad percent-encoding in a category', '/feeds/categories/%ZZ.rss', {}, 'GET', 400],
  ['an encoded lone surrogate', '/feeds/categories/%ED%A0%80.rss', {}, 'GET', 400],
  ['a NUL in a category', '/feeds/categories/a%00b.rss', {}, 'GET', 400],
  ['a query string of 100,000 characters', `/feeds/all.rss?${'junk=1&'.repeat(14_000)}`],
  ['a limit of 40 digits', `/articles?limit=${'9'.repeat(40)}`, {}, 'GET', 400],
  ['a repeated parameter', '/articles?limit=1&limit=2', {}, 'GET', 400],
  ['a percent sign alone in the query', '/feeds/all.json?category=%', {}, 'GET'],
  ['POST', '/feeds/all.rss', {}, 'POST', 405],
  ['DELETE', '/articles', {}, 'DELETE', 405],
  ['OPTIONS', '/', {}, 'OPTIONS', 405],
  ['PROPFIND', '/feeds/all.rss', {}, 'PROPFIND', 405],
  ['a method in lower case', '/feeds/all.rss', {}, 'get', 405],
  ['an Accept of junk', '/feeds/all', { accept: ';;;,,,q=abc/;q=' }, 'GET', 406],
  ['an Accept with a quality that is not a number', '/feeds/all', { accept: 'application/rss+xml;q=NaN' }],
  ['an Accept of 10,000 media ranges', '/feeds/all', { accept: Array.from({ length: 10000 }, (_, i) => `x/y${i};q=0.${i % 10}`).join(',') }, 'GET', 406],
  ['an If-None-Match of junk', '/feeds/all.rss', { 'if-none-match': '"\u0000' + 'W/'.repeat(5000) }],
  ['an If-Modified-Since that is not a date', '/feeds/all.rss', { 'if-modified-since': 'yesterday at noon' }],
  ['an Accept-Encoding of junk', '/feeds/all.rss', { 'accept-encoding': 'br;q=x, gzip;q=-1, *;q=1e999' }],
  ['a Host with a port past 65535', '/feeds/all.rss', { host: 'localhost:99999' }, 'GET', 400],
  ['a Host with a path in it', '/feeds/all.rss', { host: 'evil.example/phish?' }, 'GET', 400],
  ['a Host with markup in it', '/feeds/all.rss', { host: '"><script>alert(1)</script>' }, 'GET', 400],
  ['a Host label of 64 characters', '/feeds/all.rss', { host: `${'h'.repeat(64)}.example` }, 'GET', 400],
  ['an empty Host', '/', { host: '' }, 'GET', 400],
];

describe('publish handler under hostile requests', () => {
  it.each(CASES)('answers %s without a 5xx', async (_name, url, headers = {}, method = 'GET', status) => {
    const response = await handler(event(url, headers, method));
    expect(response.statusCode).toBeLessThan(500);
    if (status !== undefined) expect(response.statusCode).toBe(status);
  });

  it('still serves a cursor it issued itself, so the check refuses only forged ones', async () => {
    const first = await handler(event('/articles?limit=1'));
    const next = (JSON.parse(first.body!) as { next_url: string }).next_url;
    const second = await handler(event(new URL(next).pathname + new URL(next).search));
    expect(second.statusCode).toBe(200);
    expect((JSON.parse(second.body!) as { articles: unknown[] }).articles).toHaveLength(1);
  });

  it('builds its links from a valid Host, normalized', async () => {
    const response = await handler(event('/feeds/all.atom', { host: 'News.Example.com:443' }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('href="https://news.example.com/feeds/all.atom"');
  });
});
