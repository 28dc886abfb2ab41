import { EventEmitter } from 'node:events';
import { storage } from 'nestjs-pino/storage';
import pino from 'pino';
import { Writable } from 'node:stream';
import { completionLevel, requestId, requestLogging, SLOW_REQUEST_MS } from './request-logging';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  return { lines, root: pino({ level }, stream) };
}

function fakeExchange(headers: Record<string, string> = {}, url = '/graphql') {
  const res = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: false, headers: {} as Record<string, string>, setHeader(k: string, v: string) { this.headers[k] = v; } });
  const req = { headers, method: 'POST', originalUrl: url, socket: { remoteAddress: '127.0.0.1' } } as never as { id?: string };
  return { req, res };
}

describe('request logging', () => {
  it('takes a well-formed x-request-id, else makes a UUID', () => {
    expect(requestId({ headers: { 'x-request-id': 'abc-123' } })).toBe('abc-123');
    expect(requestId({ headers: { 'x-request-id': 'a b' } })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId({ headers: {} })).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs faults at error, slow or aborted requests at warn, others at debug; neither health probes nor 503s (logged, counted, where they are answered)', () => {
    expect(completionLevel('/graphql', 500, 3, false)).toBe('error');
    expect(completionLevel('/graphql', 503, 3, false)).toBeNull();
    expect(completionLevel('/graphql', 200, SLOW_REQUEST_MS, false)).toBe('warn');
    expect(completionLevel('/graphql', 200, 3, true)).toBe('warn');
    expect(completionLevel('/graphql', 400, 3, false)).toBe('debug');
    expect(completionLevel('/health/ready', 200, 3, false)).toBeNull();
    expect(completionLevel('/health/ready', 503, 3, false)).toBeNull();
  });

  it('answers the id, binds what is logged during the request to it, and logs the completion at its level', async () => {
    const { lines, root } = capture('info');
    const { req, res } = fakeExchange({ 'x-request-id': 'req-1' });
    await new Promise<void>((resolve) =>
      requestLogging(root)(req as never, res as never, () => {
        // what Nest's Logger (nestjs-pino) writes while the request runs
        storage.getStore()!.logger.info({ code: 'X' }, 'inside');
        resolve();
      }),
    );
    expect(req.id).toBe('req-1');
    expect(res.headers['x-request-id']).toBe('req-1');
    res.statusCode = 200;
    res.writableFinished = true;
    res.emit('finish');
    res.emit('close');
    expect(lines.map((l) => [l.msg, l.reqId])).toEqual([['inside', 'req-1']]);

    const failed = fakeExchange({}, '/graphql');
    requestLogging(root)(failed.req as never, failed.res as never, () => undefined);
    failed.res.statusCode = 500;
    failed.res.writableFinished = true;
    failed.res.emit('finish');
    expect(lines[1]).toMatchObject({ level: 50, msg: 'request completed', reqId: failed.req.id, req: { method: 'POST', url: '/graphql' }, res: { statusCode: 500 } });
    expect(lines).toHaveLength(2);
  });

  it('logs every completion at LOG_LEVEL=debug, and a request the client gave up at warn', () => {
    const { lines, root } = capture('debug');
    const ok = fakeExchange();
    requestLogging(root)(ok.req as never, ok.res as never, () => undefined);
    ok.res.writableFinished = true;
    ok.res.emit('finish');
    const gone = fakeExchange();
    requestLogging(root)(gone.req as never, gone.res as never, () => undefined);
    gone.res.emit('close');
    expect(lines).toEqual([
      expect.objectContaining({ level: 20, msg: 'request completed', reqId: ok.req.id }),
      expect.objectContaining({ level: 40, msg: 'request aborted', reqId: gone.req.id }),
    ]);
  });
});
