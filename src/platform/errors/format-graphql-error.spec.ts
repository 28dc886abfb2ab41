import { BadRequestException, ForbiddenException, Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { LockedError, NotFoundError, RateLimitedError, UnauthenticatedError } from './domain-errors';
import { FailureTally } from '../logging/failure-tally';
import { createGraphQLErrorFormatter } from './format-graphql-error';

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['x'] });
const formatted = (e: GraphQLError) => ({ message: e.message, path: e.path, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at secret.ts:1'] } });

describe('createGraphQLErrorFormatter', () => {
  const prod = createGraphQLErrorFormatter(true);

  it('maps domain errors to their code and extensions', () => {
    const e = wrap(new RateLimitedError(12.2));
    expect(prod(formatted(e), e)).toMatchObject({ message: 'Too many requests; try again later.', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 13 } });
    const l = wrap(new LockedError());
    expect(prod(formatted(l), l).extensions).toEqual({ code: 'LOCKED' });
    const n = wrap(new NotFoundError('Thread'));
    expect(prod(formatted(n), n)).toMatchObject({ message: 'Thread was not found.', extensions: { code: 'NOT_FOUND' } });
  });

  it('maps framework exceptions (validation, guards)', () => {
    const v = wrap(new BadRequestException(['email must be an email', 'password too short']));
    expect(prod(formatted(v), v)).toMatchObject({ message: 'email must be an email; password too short', extensions: { code: 'BAD_USER_INPUT' } });
    const f = wrap(new ForbiddenException());
    expect(prod(formatted(f), f).extensions?.code).toBe('FORBIDDEN');
  });

  it('maps a malformed uuid from PostgreSQL to BAD_USER_INPUT without SQL', () => {
    const q = new QueryFailedError('SELECT * FROM threads WHERE id = $1', ['x'], Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }));
    const out = prod(formatted(wrap(q)), wrap(q));
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(out)).not.toMatch(/SELECT|threads/);
  });

  it('a statement timeout (57014) and a client-side query timeout are retryable, not faults', () => {
    const statement = new QueryFailedError('SELECT 1', [], Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }));
    expect(prod(formatted(wrap(statement)), wrap(statement)).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', retryable: true });
    const read = new QueryFailedError('SELECT 1', [], new Error('Query read timeout'));
    expect(prod(formatted(wrap(read)), wrap(read)).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', retryable: true });
  });

  it('hides internal messages and stack traces in production', () => {
    const e = wrap(new Error('relation "secret_table" does not exist'));
    const out = prod(formatted(e), e);
    expect(out).toMatchObject({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(out)).not.toMatch(/secret|stacktrace/);
  });

  it('keeps details outside production for debugging', () => {
    const dev = createGraphQLErrorFormatter(false);
    const e = wrap(new Error('boom'));
    expect(dev(formatted(e), e).message).toBe('boom');
  });

  describe('logging: expected failures at warn without a stack and counted, faults at error', () => {
    let info: jest.SpyInstance;
    let prod = createGraphQLErrorFormatter(true);
    let warn: jest.SpyInstance;
    let error: jest.SpyInstance;
    beforeEach(() => {
      info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      prod = createGraphQLErrorFormatter(true);
    });
    afterEach(() => jest.restoreAllMocks());

    it.each([
      ['a wrong password', new UnauthenticatedError('The email or password is incorrect.')],
      ['not found', new NotFoundError('The thread')],
      ['a vote on one’s own post', new ForbiddenException('You cannot vote on your own post.')],
    ])('%s is logged once at warn, with its code and no stack', (_label, err) => {
      const e = wrap(err as Error);
      prod(formatted(e), e);
      expect(error).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(warn.mock.calls[0])).not.toMatch(/stack|at .*\.ts/);
    });

    it('a database outage is a warning (retryable), not an error', () => {
      const e = wrap(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
      prod(formatted(e), e);
      expect(error).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledTimes(1);
    });

    it('82 failures during an outage write one line, then one line with the count of the rest', () => {
      const tally = new FailureTally(new Logger('GraphQLError'), 60_000);
      const formatter = createGraphQLErrorFormatter(true, tally);
      for (let i = 0; i < 82; i++) {
        const e = wrap(Object.assign(new Error('Connection terminated unexpectedly'), { stack: 'Error: at pg/client.js:1' }));
        formatter(formatted(e), e);
      }
      expect(warn).toHaveBeenCalledTimes(1);
      tally.flush();
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn.mock.calls[1][0]).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', count: 81 });
      expect(JSON.stringify(warn.mock.calls)).not.toMatch(/stack|client\.js/);
      expect(error).not.toHaveBeenCalled();
    });

    it('an unexpected fault is logged at error', () => {
      const e = wrap(new Error('relation "secret_table" does not exist'));
      prod(formatted(e), e);
      expect(error).toHaveBeenCalledTimes(1);
      expect(info).not.toHaveBeenCalled();
    });

    it('an error raised before execution (its domain error as originalError) keeps its code', () => {
      const pre = new GraphQLError('The access token is invalid or expired.', { originalError: new UnauthenticatedError('The access token is invalid or expired.') });
      expect(prod(formatted(pre), pre).extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(error).not.toHaveBeenCalled();
    });
  });
});

