import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * Errors thrown by resolvers go back to Apollo untouched, to be formatted and logged once by
 * the error formatter (client errors at info without a stack, faults at error). Without this
 * filter Nest's default handler logs every thrown error, a wrong password included, at ERROR
 * with its stack. Other contexts (HTTP routes) keep Nest's handling.
 */
@Catch()
export class GraphQLExceptionFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
