import { AsyncLocalStorage } from 'node:async_hooks';
import { RateLimitedError, ServiceUnavailableError } from '../../platform/errors/domain-errors';
import { ThreadWriteQueue } from './thread-write-queue';

/** A promise with its resolve, for holding a turn. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const queueOf = (limits: Partial<ConstructorParameters<typeof ThreadWriteQueue>[0]> = {}) =>
  new ThreadWriteQueue({ threadWritesWaitingMax: 200, threadWritesWaitingPerUser: 1_000, threadWriteWaitMs: 60_000, ...limits });

describe('ThreadWriteQueue', () => {
  it('runs one thread\'s writes one at a time, in the order they came (whatever the case of the id)', async () => {
    const queue = queueOf();
    const log: string[] = [];
    let running = 0;
    const write = (name: string, id: string) =>
      queue.inTurn(id, 'u', async () => {
        running++;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`end ${name}`);
        running--;
        return name;
      });
    expect(await Promise.all([write('1', 'thread-a'), write('2', 'THREAD-A'), write('3', 'thread-a')])).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('lets another thread\'s write run while one thread\'s turn is held', async () => {
    const queue = queueOf();
    const held = gate();
    const first = queue.inTurn('thread-a', 'u', () => held.promise);
    let second = false;
    const waiting = queue.inTurn('thread-a', 'u', async () => (second = true));
    expect(queue.waiting('thread-a')).toBe(1);
    await expect(queue.inTurn('thread-b', 'u', async () => 'b')).resolves.toBe('b');
    expect(second).toBe(false);
    held.open();
    await Promise.all([first, waiting]);
    expect(second).toBe(true);
    expect(queue.waiting('thread-a')).toBe(0);
  });

  it('runs the work in its caller\'s async context, not in that of the write before it', async () => {
    const queue = queueOf();
    const context = new AsyncLocalStorage<string>();
    const held = gate();
    const first = context.run('request-1', () =>
      queue.inTurn('thread-a', 'u', async () => {
        await held.promise;
        return context.getStore();
      }),
    );
    const second = context.run('request-2', () => queue.inTurn('thread-a', 'u', async () => context.getStore()));
    held.open();
    expect(await Promise.all([first, second])).toEqual(['request-1', 'request-2']);
  });

  it('passes a work\'s own error on unchanged, a queued one\'s too, and the next write still runs', async () => {
    const queue = queueOf({ threadWritesWaitingMax: 2 });
    const held = gate();
    const first = queue.inTurn('thread-a', 'u', async () => {
      await held.promise;
      throw new Error('the first write failed');
    });
    const queued = queue.inTurn('thread-a', 'u', async () => {
      throw new RateLimitedError(30, 'the work\'s own limit');
    });
    const next = queue.inTurn('thread-a', 'u', async () => 'next');
    held.open();
    await expect(first).rejects.toThrow('the first write failed');
    await expect(queued).rejects.toMatchObject({ message: 'the work\'s own limit', extensions: { retryAfterSeconds: 30 } });
    await expect(next).resolves.toBe('next');
  });

  it('refuses with RATE_LIMITED beyond the writes a thread may have waiting, and takes them again once it drains', async () => {
    const queue = queueOf({ threadWritesWaitingMax: 3 });
    const held = gate();
    const first = queue.inTurn('thread-a', 'u1', () => held.promise);
    const waiting = ['u1', 'u2', 'u3'].map((u) => queue.inTurn('thread-a', u, async () => 'ran'));
    let ran = false;
    const refused = queue.inTurn('thread-a', 'u4', async () => (ran = true));
    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // another thread is not limited by it
    await expect(queue.inTurn('thread-b', 'u4', async () => 'b')).resolves.toBe('b');
    held.open();
    await first;
    expect(await Promise.all(waiting)).toEqual(['ran', 'ran', 'ran']);
    expect(ran).toBe(false);
    await expect(queue.inTurn('thread-a', 'u4', async () => 'again')).resolves.toBe('again');
  });

  it('refuses one user beyond their own waiting writes while others still get in line', async () => {
    const queue = queueOf({ threadWritesWaitingPerUser: 2 });
    const held = gate();
    const first = queue.inTurn('thread-a', 'flooder', () => held.promise);
    const own = [queue.inTurn('thread-a', 'flooder', async () => 'ran'), queue.inTurn('thread-a', 'flooder', async () => 'ran')];
    await expect(queue.inTurn('thread-a', 'flooder', async () => 'ran')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const other = queue.inTurn('thread-a', 'someone', async () => 'other');
    held.open();
    await first;
    expect(await Promise.all([...own, other])).toEqual(['ran', 'ran', 'other']);
  });

  it('gives up a wait longer than threadWriteWaitMs with RATE_LIMITED; the work never runs and the queue goes on', async () => {
    const queue = queueOf({ threadWriteWaitMs: 100 });
    const held = gate();
    const first = queue.inTurn('thread-a', 'u', () => held.promise);
    let ran = false;
    const late = queue.inTurn('thread-a', 'u', async () => (ran = true));
    await expect(late).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(queue.waiting('thread-a')).toBe(0);
    held.open();
    await first;
    await expect(queue.inTurn('thread-a', 'u', async () => 'after')).resolves.toBe('after');
    expect(ran).toBe(false);
  });

  it('when a write fails for the database (a timeout), the writes waiting behind it fail at once, retryable; later ones run', async () => {
    const queue = queueOf();
    const held = gate();
    const timeout = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    const first = queue.inTurn('thread-a', 'u', async () => {
      await held.promise;
      throw timeout;
    });
    let ran = 0;
    const waiting = [queue.inTurn('thread-a', 'u', async () => ran++), queue.inTurn('thread-a', 'v', async () => ran++)];
    held.open();
    await expect(first).rejects.toBe(timeout);
    for (const w of waiting) await expect(w).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(ran).toBe(0);
    await expect(queue.inTurn('thread-a', 'u', async () => 'after')).resolves.toBe('after');
  });

  it('a write that fails otherwise (a deadlock, a refusal) does not fail the writes behind it', async () => {
    const queue = queueOf();
    for (const failure of [Object.assign(new Error('deadlock detected'), { code: '40P01' }), new RateLimitedError(5)]) {
      const held = gate();
      const first = queue.inTurn('thread-a', 'u', async () => {
        await held.promise;
        throw failure;
      });
      const next = queue.inTurn('thread-a', 'v', async () => 'ran');
      held.open();
      await expect(first).rejects.toBe(failure);
      await expect(next).resolves.toBe('ran');
    }
  });
});
