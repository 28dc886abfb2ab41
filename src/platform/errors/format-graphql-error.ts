import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { GraphQLFormattedError } from 'graphql';
import { FailureTally } from '../logging/failure-tally';
import { toDomainError } from './to-domain-error';

const logger = new Logger('GraphQLError');

/** Apollo's own request-level codes that mean "the client sent something wrong". */
const CLIENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * The single place where errors become what clients see: a contract `extensions.code`,
 * a readable message, and, in production, no stack trace, SQL or internal message.
 */
export function createGraphQLErrorFormatter(production: boolean, expected = new FailureTally(logger)) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    // errors raised before execution (context) wrap the domain error as their originalError
    const domain = toDomainError(original) ?? toDomainError((original as { originalError?: unknown } | null)?.originalError);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (domain) {
      // expected: the client's request was refused for a reason it can act on; no stack
      if (domain.extensions.retryable) expected.record(domain.code, { path: formatted.path, reason: causeOf(original) }, `request failed, retryable: ${domain.message}`);
      else expected.record(domain.code, { path: formatted.path }, `client error: ${domain.message}`);
      return { ...base, message: domain.message, extensions: { ...domain.extensions, code: domain.code } };
    }
    const apolloCode = formatted.extensions?.code as string | undefined;
    if (apolloCode && CLIENT_CODES.has(apolloCode)) {
      expected.record('BAD_USER_INPUT', { apolloCode }, `client error: ${formatted.message}`);
      return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (apolloCode === 'QUERY_TOO_COMPLEX') {
      expected.record(apolloCode, {}, `client error: ${formatted.message}`);
      // a refusal of the client's request: no stack trace, in development either
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...base, extensions: { ...extensions, code: 'QUERY_TOO_COMPLEX' } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      ...base,
      message: production ? 'Internal server error.' : formatted.message,
      extensions: production ? { code: 'INTERNAL_SERVER_ERROR' } : { code: 'INTERNAL_SERVER_ERROR', stacktrace: formatted.extensions?.stacktrace },
    };
  };
}

/** What went wrong underneath a retryable failure (the driver's message), without its stack. */
function causeOf(err: unknown): string | undefined {
  const cause = (err as { originalError?: unknown } | null)?.originalError ?? err;
  return cause instanceof Error ? cause.message : undefined;
}
