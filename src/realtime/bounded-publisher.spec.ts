import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import { boundedPublisher } from './bounded-publisher';

/** A stand-in for the ioredis publisher: up or down, recording what it published. */
class FakeRedis extends EventEmitter {
  status = 'ready';
  published: string[] = [];

  async publish(_channel: string, message: string): Promise<number> {
    if (this.status !== 'ready') throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
    this.published.push(message);
    return 1;
  }
}

describe('boundedPublisher', () => {
  it('publishes at once while Redis is up; while it is away keeps at most `limit` messages, drops and counts the oldest, and sends the rest in order when it returns', async () => {
    const fake = new FakeRedis();
    const dropped: number[] = [];
    const pub = boundedPublisher(fake as unknown as Redis, 3, (n) => dropped.push(n));
    await pub.publish('c', 'm0');
    expect(fake.published).toEqual(['m0']);

    fake.status = 'reconnecting';
    for (let i = 1; i <= 5; i++) await pub.publish('c', `m${i}`);
    expect((pub as unknown as { bufferedMessages: number }).bufferedMessages).toBe(3);
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(2);

    fake.status = 'ready';
    fake.emit('ready');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(fake.published).toEqual(['m0', 'm3', 'm4', 'm5']);
    await pub.publish('c', 'm6');
    expect(fake.published).toEqual(['m0', 'm3', 'm4', 'm5', 'm6']);
  });
});
