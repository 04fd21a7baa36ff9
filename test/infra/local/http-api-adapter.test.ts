import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApiServer, type HttpApiHandler } from '../../../infra/local/http-api-adapter.js';

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  while (servers.length > 0) servers.pop()!.close();
});

async function serve(handler: HttpApiHandler): Promise<string> {
  const server = createHttpApiServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('local HTTP API adapter', () => {
  it('turns a Node request into a payload 2.0 event', async () => {
    let seen: APIGatewayProxyEventV2 | undefined;
    const base = await serve(async (event) => {
      seen = event;
      return { statusCode: 204 };
    });
    await fetch(`${base}/feeds/categories/Art%20%26%20Culture.rss?lang=id&limit=5`, {
      method: 'POST',
      headers: { 'X-Custom': 'One', 'content-type': 'application/json', cookie: 'a=1; b=2' },
      body: '{"x":1}',
    });
    expect(seen).toMatchObject({
      version: '2.0',
      rawPath: '/feeds/categories/Art%20%26%20Culture.rss',
      rawQueryString: 'lang=id&limit=5',
      queryStringParameters: { lang: 'id', limit: '5' },
      cookies: ['a=1', 'b=2'],
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/feeds/categories/Art & Culture.rss' }, stage: '$default' },
    });
    expect(seen!.headers['x-custom']).toBe('One');
    expect(seen!.headers['x-forwarded-proto']).toBe('http');
    expect(seen!.headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('passes a binary body base64-encoded', async () => {
    let seen: APIGatewayProxyEventV2 | undefined;
    const base = await serve(async (event) => {
      seen = event;
      return { statusCode: 204 };
    });
    await fetch(`${base}/upload`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 255, 1]) });
    expect(seen!.isBase64Encoded).toBe(true);
    expect(Buffer.from(seen!.body!, 'base64')).toEqual(Buffer.from([0, 255, 1]));
  });

  it('writes status, headers, cookies and a base64 body back', async () => {
    const base = await serve(async () => ({
      statusCode: 201,
      headers: { 'content-type': 'application/octet-stream', etag: '"x"' },
      cookies: ['s=1; Path=/'],
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    }));
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"x"');
    expect(res.headers.get('set-cookie')).toBe('s=1; Path=/');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([1, 2, 3]));
  });

  it('sends no body with a 304', async () => {
    const base = await serve(async () => ({ statusCode: 304, headers: { etag: '"x"' }, body: 'ignored' }));
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
  });

  it('answers 500 as API Gateway does when the handler throws', async () => {
    const base = await serve(async () => {
      throw new Error('boom');
    });
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
  });
});
