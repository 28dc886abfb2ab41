import Negotiator from 'negotiator';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const JSON_MEDIA_TYPE = 'application/json';

type Headers = Record<string, string | string[] | undefined>;

/**
 * The response media type a GraphQL-over-HTTP client negotiated with its Accept header, as
 * Apollo Server chooses it: `application/graphql-response+json` when the client prefers it,
 * else `application/json` (also without an Accept header).
 */
export function negotiatedMediaType(req: { headers: Headers }): typeof GRAPHQL_RESPONSE_JSON | typeof JSON_MEDIA_TYPE {
  const accept = req.headers.accept;
  if (!accept) return JSON_MEDIA_TYPE;
  const chosen = new Negotiator({ headers: { accept: Array.isArray(accept) ? accept.join(',') : accept } }).mediaType([JSON_MEDIA_TYPE, GRAPHQL_RESPONSE_JSON]);
  return chosen === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : JSON_MEDIA_TYPE;
}

/**
 * The HTTP status of an error raised before execution (token, body), by the rules of GraphQL
 * over HTTP: with `application/graphql-response+json` the status tells the kind of failure
 * (401, 400, 413, 503 …); with `application/json` a well-formed request is answered 200 with
 * the error in the body, and only requests that are not GraphQL at all (body not JSON, too
 * large) keep their 4xx.
 */
export function preExecutionStatus(mediaType: string, status: number, wellFormed: boolean): number {
  if (mediaType === GRAPHQL_RESPONSE_JSON || !wellFormed) return status;
  return 200;
}
