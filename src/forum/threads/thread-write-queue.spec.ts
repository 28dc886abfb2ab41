import { AsyncLocalStorage } from 'node:async_hooks';
import { RateLimitedError } from '../../platform/errors/domain-errors';
import { THREAD_QUEUE_MAX_PENDING, ThreadWriteQueue } from './thread-write-queue';

/** A promise with its resolve, for holding a turn. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('ThreadWriteQueue', () => {
  it('runs one thread\'s writes one at a time, in the order they came', async () => {
    const queue = new ThreadWriteQueue();
    const log: string[] = [];
    let running = 0;
    const write = (name: string) =>
      queue.inTurn('thread-a', async () => {
        running++;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`end ${name}`);
        running--;
        return name;
      });
    expect(await Promise.all(['1', '2', '3'].map(write))).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('lets another thread\'s write run while one thread\'s turn is held', async () => {
    const queue = new ThreadWriteQueue();
    const held = gate();
    const first = queue.inTurn('thread-a', () => held.promise);
    let second = false;
    const waiting = queue.inTurn('thread-a', async () => (second = true));
    await expect(queue.inTurn('thread-b', async () => 'b')).resolves.toBe('b');
    expect(second).toBe(false);
    held.open();
    await Promise.all([first, waiting]);
    expect(second).toBe(true);
  });

  it('runs the work in its caller\'s async context, not in that of the write before it', async () => {
    const queue = new ThreadWriteQueue();
    const context = new AsyncLocalStorage<string>();
    const held = gate();
    const first = context.run('request-1', () => queue.inTurn('thread-a', async () => {
      await held.promise;
      return context.getStore();
    }));
    const second = context.run('request-2', () => queue.inTurn('thread-a', async () => context.getStore()));
    held.open();
    expect(await Promise.all([first, second])).toEqual(['request-1', 'request-2']);
  });

  it('passes the work\'s error on unchanged, and the next write still runs', async () => {
    const queue = new ThreadWriteQueue();
    const failing = queue.inTurn('thread-a', async () => {
      throw new Error('the write failed');
    });
    const next = queue.inTurn('thread-a', async () => 'next');
    await expect(failing).rejects.toThrow('the write failed');
    await expect(next).resolves.toBe('next');
  });

  it('refuses with RATE_LIMITED beyond the writes a thread may have waiting, and takes them again once it drains', async () => {
    const queue = new ThreadWriteQueue();
    const held = gate();
    const first = queue.inTurn('thread-a', () => held.promise);
    const waiting = Array.from({ length: THREAD_QUEUE_MAX_PENDING }, () => queue.inTurn('thread-a', async () => 'ran'));
    const refused = queue.inTurn('thread-a', async () => 'ran');
    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ code: 'RATE_LIMITED', extensions: { retryAfterSeconds: 1 } });
    held.open();
    await first;
    expect(new Set(await Promise.all(waiting))).toEqual(new Set(['ran']));
    await expect(queue.inTurn('thread-a', async () => 'again')).resolves.toBe('again');
  });
});
