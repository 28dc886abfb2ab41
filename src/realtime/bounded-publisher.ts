import type Redis from 'ioredis';

/**
 * The socket.io Redis adapter's publishing client, bounded while Redis is away: ioredis would
 * queue every publish in memory until Redis returns (its offline queue, off here), so messages
 * are kept in a local buffer of at most `limit` instead, sent in order when the connection is
 * ready again; beyond the limit the oldest are dropped and counted (`onDrop`). Other commands
 * fail at once while Redis is away. Subscribers on other instances that missed an event catch
 * up with `lastSeq` when they resubscribe (room events are stored in PostgreSQL).
 */
export function boundedPublisher(client: Redis, limit: number, onDrop: (count: number) => void): Redis {
  const buffer: [string, string | Buffer][] = [];
  let flushing = false;
  const keep = (channel: string, message: string | Buffer) => {
    buffer.push([channel, message]);
    const over = buffer.length - limit;
    if (over > 0) {
      buffer.splice(0, over);
      onDrop(over);
    }
  };
  const flush = async () => {
    if (flushing) return;
    flushing = true;
    try {
      while (buffer.length && client.status === 'ready') {
        const [channel, message] = buffer[0];
        try {
          await client.publish(channel, message);
          buffer.shift();
        } catch {
          return; // Redis went away again: the rest waits for the next 'ready'
        }
      }
    } finally {
      flushing = false;
    }
  };
  client.on('ready', () => void flush());
  const publish = (channel: string, message: string | Buffer): Promise<number> => {
    if (client.status !== 'ready' || buffer.length) {
      keep(channel, message);
      void flush();
      return Promise.resolve(0);
    }
    return client.publish(channel, message).catch(() => {
      keep(channel, message);
      return 0;
    });
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'publish') return publish;
      if (property === 'bufferedMessages') return buffer.length;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
