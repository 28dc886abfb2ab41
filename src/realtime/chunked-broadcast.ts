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
 *
 * A room's events that wait together go out together: each chunk of sockets gets all of them,
 * one after the other, in the same turn. A socket then has its first event written at once and
 * the others held by engine.io until that write is done, and written in one `writev` of their
 * own (`corkHeldPackets`): under a backlog, a socket costs two kernel writes per turn instead
 * of one per event. (Every event waiting for a room was given after the room's last join or
 * leave, which flushed it: they share one list of sockets.)
 */
export class ChunkedBroadcast<E> {
  private queue: Pending<E>[] = [];
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
    // the sockets of the room's events still waiting (no join nor leave since: both flush first)
    const ids = (queued && this.lastOf(room)?.ids) || [...members];
    const item: Pending<E> = { room, event, ids, next: 0 };
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

  private lastOf(room: string): Pending<E> | undefined {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].room === room) return this.queue[i];
    return undefined;
  }

  /**
   * The next chunk of sockets of the first room in line, with every event of that room waiting at
   * the same point of the same sockets (in order); the events sent to their last chunk leave the
   * queue. The chunks sent (one per event).
   */
  private sendGroup(): number {
    const head = this.queue[0];
    const group = [head];
    for (let i = 1; i < this.queue.length; i++) {
      const item = this.queue[i];
      if (item.room !== head.room) continue;
      // a room's events further on are at this point or behind it (they only advance together)
      if (item.next !== head.next || item.ids !== head.ids) break;
      group.push(item);
    }
    const members = this.members(head.room);
    const ids = head.ids.slice(head.next, head.next + this.size).filter((id) => members?.has(id));
    for (const item of group) {
      item.next += this.size;
      if (ids.length) this.send(ids, item.event);
    }
    if (head.next >= head.ids.length) {
      const done = new Set(group);
      this.queue = this.queue.filter((item) => !done.has(item));
      const left = (this.pendingPerRoom.get(head.room) ?? 0) - group.length;
      if (left > 0) this.pendingPerRoom.set(head.room, left);
      else this.pendingPerRoom.delete(head.room);
    }
    return group.length;
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
        if (!this.queue.length) break;
        chunks += this.sendGroup();
      } while (performance.now() - started < this.turnMs);
      if (chunks) this.deferred(chunks);
      this.schedule();
    });
  }
}
