import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../../shared/publish/http.js';

/** API Gateway HTTP API (payload 2.0) event to the use case's request. */
export function fromApiGatewayEvent(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    method: event.requestContext?.http?.method ?? 'GET',
    rawPath: event.rawPath ?? '/',
    rawQueryString: event.rawQueryString ?? '',
    headers,
  };
}

/** The use case's response as an API Gateway result: bytes travel base64-encoded. */
export function toApiGatewayResult(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  const result: APIGatewayProxyStructuredResultV2 = { statusCode: response.statusCode, headers: response.headers };
  if (response.body === undefined) return { ...result, body: '', isBase64Encoded: false };
  if (typeof response.body === 'string') return { ...result, body: response.body, isBase64Encoded: false };
  return { ...result, body: Buffer.from(response.body).toString('base64'), isBase64Encoded: true };
}

/** A Lambda handler around a publisher. */
export function createPublishHandler(
  publish: (request: HttpRequest) => Promise<HttpResponse>,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => toApiGatewayResult(await publish(fromApiGatewayEvent(event)));
}
