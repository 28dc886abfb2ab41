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
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { ...error.extensions, code: error.code, http: { status: preExecutionStatus(negotiatedMediaType(req), statusOf(error), true) } },
  });
}

function statusOf(error: DomainError): number {
  return STATUS[error.code] ?? (error.extensions.retryable ? 503 : 500);
}

/**
 * The same failure answered by an Express middleware, before Apollo (nothing parsed): the
 * status and media type negotiated as Apollo would, the error as a GraphQL error with its code.
 */
export function sendPreExecutionError(req: { headers: Record<string, string | string[] | undefined> }, res: Response, error: DomainError, headers: Record<string, string> = {}): void {
  sendGraphQLErrorAnswer(req, res, { status: statusOf(error), wellFormed: true, message: error.message, extensions: { ...error.extensions, code: error.code }, headers });
}

/**
 * A GraphQL-shaped error answer written by Express itself, in the media type the client
 * negotiated: `status` under `application/graphql-response+json` (or for a request that is not
 * well-formed GraphQL), else 200.
 */
export function sendGraphQLErrorAnswer(
  req: { headers: Record<string, string | string[] | undefined> },
  res: Response,
  answer: { status: number; wellFormed: boolean; message: string; extensions: Record<string, unknown>; headers?: Record<string, string> },
): void {
  const mediaType = negotiatedMediaType(req);
  res
    .status(preExecutionStatus(mediaType, answer.status, answer.wellFormed))
    .set({ 'content-type': `${mediaType === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : 'application/json'}; charset=utf-8`, ...answer.headers })
    .send(JSON.stringify({ errors: [{ message: answer.message, extensions: answer.extensions }] }));
}
