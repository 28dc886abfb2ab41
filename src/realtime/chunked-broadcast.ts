import { performance } from 'node:perf_hooks';

export interface ChunkedBroadcastOptions {
  /** Sockets per chunk (REALTIME_BROADCAST_CHUNK). */
  size: number;
  /** Chunks go out in one turn until this many milliseconds are spent, at least one (REALTIME_BROADCAST_TURN_MS; 0: one chunk per turn). */
  turnMs: number;
  /** Told how many chunks went out after their `broadcast` call had returned (in a later turn, or flushed). */
  deferred?: (chunks: number) => void;
}

interface Pending<E> {
  room: string;
  event: E;
  ids: string[];
  next: number;
}

/**
 * Room broadcasts that give way to I/O: a broadcast to more sockets than `size` goes to `size`
 * of them at a time, the rest in later event-loop turns (`setImmediate`, a few milliseconds of
 * chunks per turn), so the requests in flight
 * on the instance (their database round trips, their answers) wait for one chunk rather than a
 * whole room's broadcast. Per room, events go out in the order given, each to the sockets that
 * were in the room when it was given and are still in it when their chunk goes. `flush(room)`
 * sends what is pending for a room at once: call it before a socket joins or leaves the room,
 * so that a socket gets every event given while it was in the room, exactly once.
 */
export class ChunkedBroadcast<E> {
  private readonly queue: Pending<E>[] = [];
  private readonly pendingPerRoom = new Map<string, number>();
  private scheduled = false;
  private readonly size: number;
  private readonly turnMs: number;
  private readonly deferred: (chunks: number) => void;

  constructor(
    /** The sockets in a room now. */
    private readonly members: (room: string) => ReadonlySet<string> | undefined,
    /** Sends to a whole room, or to these sockets. */
    private readonly send: (to: string | string[], event: E) => void,
    options: ChunkedBroadcastOptions,
  ) {
    this.size = options.size;
    this.turnMs = options.turnMs;
    this.deferred = options.deferred ?? (() => {});
  }

  broadcast(room: string, event: E): void {
    const members = this.members(room);
    if (!members?.size) return;
    const queued = this.pendingPerRoom.get(room) ?? 0;
    if (!queued && members.size <= this.size) return this.send(room, event);
    const item: Pending<E> = { room, event, ids: [...members], next: 0 };
    // nothing of this room ahead of it: its first chunk goes now
    if (!queued) this.sendChunk(item);
    this.queue.push(item);
    this.pendingPerRoom.set(room, queued + 1);
    this.schedule();
  }

  /** Sends everything pending for `room` now, in order. */
  flush(room: string): void {
    if (!this.pendingPerRoom.get(room)) return;
    for (let i = 0; i < this.queue.length; ) {
      const item = this.queue[i];
      if (item.room !== room) {
        i++;
        continue;
      }
      let chunks = 0;
      for (; item.next < item.ids.length; chunks++) this.sendChunk(item);
      if (chunks) this.deferred(chunks);
      this.queue.splice(i, 1);
    }
    this.pendingPerRoom.delete(room);
  }

  /** Broadcasts still going out (for tests). */
  get pending(): number {
    return this.queue.length;
  }

  private sendChunk(item: Pending<E>): void {
    const members = this.members(item.room);
    const ids = item.ids.slice(item.next, item.next + this.size).filter((id) => members?.has(id));
    item.next += this.size;
    if (ids.length) this.send(ids, item.event);
  }

  private schedule(): void {
    if (this.scheduled || !this.queue.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // chunks until the turn's budget is spent (at least one): a backlog is caught up on, and I/O still gets its turn
      const started = performance.now();
      let chunks = 0;
      do {
        const item = this.queue[0];
        if (!item) break;
        this.sendChunk(item);
        chunks++;
        if (item.next >= item.ids.length) {
          this.queue.shift();
          const left = (this.pendingPerRoom.get(item.room) ?? 1) - 1;
          if (left) this.pendingPerRoom.set(item.room, left);
          else this.pendingPerRoom.delete(item.room);
        }
      } while (performance.now() - started < this.turnMs);
      if (chunks) this.deferred(chunks);
      this.schedule();
    });
  }
}
