import { ArgumentsHost, Logger } from '@nestjs/common';
import { GraphQLExceptionFilter } from './graphql-exception.filter';
import { NotFoundError } from './domain-errors';

describe('GraphQLExceptionFilter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('hands resolver errors back to Apollo untouched and logs nothing (the formatter logs once)', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const staticError = jest.spyOn(Logger, 'error').mockImplementation(() => undefined);
    const host = { getType: () => 'graphql' } as unknown as ArgumentsHost;
    const thrown = new NotFoundError('The thread');
    expect(new GraphQLExceptionFilter().catch(thrown, host)).toBe(thrown);
    expect(error).not.toHaveBeenCalled();
    expect(staticError).not.toHaveBeenCalled();
  });
});
