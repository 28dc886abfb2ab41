import { GraphQLError } from 'graphql';
import { DomainError } from '../errors/domain-errors';
import type { Response } from 'express';
import { GRAPHQL_RESPONSE_JSON, negotiatedMediaType, preExecutionStatus } from './media-type';

/** HTTP status of a pre-execution failure under `application/graphql-response+json`. */
const STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401, SUSPENDED: 403, FORBIDDEN: 403, BAD_USER_INPUT: 400, RATE_LIMITED: 429 };

/**
 * An error found before a GraphQL request runs (a bad or expired access token, the database
 * unreachable while loading the viewer), as a GraphQL error thrown from the context: Apollo
 * answers it in the media type the client negotiated, with the contract code, so a GraphQL
 * client (Apollo Client's error link, urql's auth exchange) sees `extensions.code`.
 */
export function preExecutionError(req: { headers: Record<string, string | string[] | undefined> }, error: DomainError): GraphQLError {
  const status = STATUS[error.code] ?? (error.extensions.retryable ? 503 : 500);
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { ...error.extensions, code: error.code, http: { status: preExecutionStatus(negotiatedMediaType(req), status, true) } },
  });
}

/**
 * The same failure answered by an Express middleware, before Apollo (nothing parsed): the
 * status and media type negotiated as Apollo would, the error as a GraphQL error with its code.
 */
export function sendPreExecutionError(req: { headers: Record<string, string | string[] | undefined> }, res: Response, error: DomainError, headers: Record<string, string> = {}): void {
  const mediaType = negotiatedMediaType(req);
  const status = STATUS[error.code] ?? (error.extensions.retryable ? 503 : 500);
  res
    .status(preExecutionStatus(mediaType, status, true))
    .set({ 'content-type': `${mediaType === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : 'application/json'}; charset=utf-8`, ...headers })
    .send(JSON.stringify({ errors: [{ message: error.message, extensions: { ...error.extensions, code: error.code } }] }));
}
