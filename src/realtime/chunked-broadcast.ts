import { performance } from 'node:perf_hooks';

/** Events of one room sent together to a chunk of sockets, at most (`ChunkedBroadcast`). */
export const MAX_EVENTS_TOGETHER = 32;

export interface ChunkedBroadcastOptions {
  /** Sockets per chunk (REALTIME_BROADCAST_CHUNK). */
  size: number;
  /** Chunks go out in one turn until this many milliseconds are spent, at least one (REALTIME_BROADCAST_TURN_MS; 0: one chunk, of one batch, per turn). */
  turnMs: number;
  /** Told how many chunks (one per event) went out after their `broadcast` call had returned (in a later turn, or flushed). */
  deferred?: (chunks: number) => void;
  /** Runs `sendAll` (several events to the same sockets) so that each socket's events leave together (`inOneWrite`). */
  together?: (ids: string[], sendAll: () => void) => void;
  /** Told of a chunk whose send threw (its sockets miss those events; the queue goes on). */
  failed?: (err: unknown) => void;
}

/** Events of one room going to the same sockets, a chunk at a time. */
interface Batch<E> {
  room: string;
  events: E[];
  ids: string[];
  next: number;
  /** Events may still join it: not started, and no socket joined the room since it was made. */
  open: boolean;
}

/**
 * Room broadcasts that give way to I/O: a broadcast to more sockets than `size` goes to `size`
 * of them at a time, the rest in later event-loop turns (`setImmediate`, a few milliseconds of
 * chunks per turn), so the requests in flight on the instance (their database round trips, their
 * answers) wait for one chunk rather than a whole room's broadcast. Per room, events go out in
 * the order given, each to the sockets that were in the room when it was given and are still in
 * it when their chunk goes. `flush(room)` sends what is pending for a room at once: call it
 * before a socket joins or leaves the room, so that a socket gets every event given while it
 * was in the room, exactly once; `joined(room)` when a socket joined without it.
 *
 * A room's events that wait together go out together: an event given while the room's last
 * batch has not started joins it (up to MAX_EVENTS_TOGETHER), and each chunk of sockets gets
 * the whole batch in one go, through `together` (`inOneWrite` holds each socket's packets until
 * all are given, and `corkHeldPackets` writes them in one `writev`): under a backlog, a socket
 * costs one kernel write per batch instead of one per event.
 */
export class ChunkedBroadcast<E> {
  private readonly queue: Batch<E>[] = [];
  /** Each room's last batch in the queue (the one an event may join). */
  private readonly lastBatch = new Map<string, Batch<E>>();
  private scheduled = false;
  private readonly size: number;
  private readonly turnMs: number;
  private readonly deferred: (chunks: number) => void;
  private readonly together: (ids: string[], sendAll: () => void) => void;
  private readonly failed: (err: unknown) => void;

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
    this.together = options.together ?? ((_ids, sendAll) => sendAll());
    this.failed = options.failed ?? (() => {});
  }

  broadcast(room: string, event: E): void {
    const members = this.members(room);
    if (!members?.size) return;
    const last = this.lastBatch.get(room);
    if (!last && members.size <= this.size) return this.send(room, event);
    if (last?.open && last.events.length < MAX_EVENTS_TOGETHER) {
      last.events.push(event);
      return;
    }
    // the sockets of the room now: a batch behind another keeps its own list (a socket may have joined)
    const batch: Batch<E> = { room, events: [event], ids: [...members], next: 0, open: true };
    this.queue.push(batch);
    this.lastBatch.set(room, batch);
    this.schedule();
    // nothing of this room ahead of it: its first chunk goes now (queued first, so that a
    // broadcast or a flush made while it is sent finds it)
    if (!last) this.sendChunk(batch);
  }

  /** A socket joined `room` without `flush`: the events given from now on do not join a batch without it. */
  joined(room: string): void {
    const last = this.lastBatch.get(room);
    if (last) last.open = false;
  }

  /** Sends everything pending for `room` now, in order. */
  flush(room: string): void {
    if (!this.lastBatch.has(room)) return;
    for (let i = 0; i < this.queue.length; ) {
      const batch = this.queue[i];
      if (batch.room !== room) {
        i++;
        continue;
      }
      let chunks = 0;
      while (!this.done(batch)) chunks += this.sendChunk(batch);
      if (chunks) this.deferred(chunks);
      this.queue.splice(i, 1);
    }
    this.lastBatch.delete(room);
  }

  /** Batches still going out (for tests). */
  get pending(): number {
    return this.queue.length;
  }

  /** Takes a finished batch out (wherever it is: a flush during its send may have taken it already). */
  private remove(batch: Batch<E>): void {
    const i = this.queue.indexOf(batch);
    if (i >= 0) this.queue.splice(i, 1);
    if (this.lastBatch.get(batch.room) === batch) this.lastBatch.delete(batch.room);
  }

  private done(batch: Batch<E>): boolean {
    return batch.next >= batch.ids.length;
  }

  /** The batch's next chunk of sockets (those still in the room), every event of it; the chunks sent (one per event). */
  private sendChunk(batch: Batch<E>): number {
    const start = batch.next;
    batch.next += this.size;
    batch.open = false;
    const members = this.members(batch.room);
    const ids = batch.ids.slice(start, start + this.size).filter((id) => members?.has(id));
    if (!ids.length) return 0;
    try {
      if (batch.events.length === 1) this.send(ids, batch.events[0]);
      else this.together(ids, () => batch.events.forEach((event) => this.send(ids, event)));
    } catch (err) {
      // in a later turn nothing would catch it (and the process would stop): the chunk is lost, the rest goes on
      this.failed(err);
    }
    return batch.events.length;
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
        const batch = this.queue[0];
        if (!batch) break;
        chunks += this.sendChunk(batch);
        if (this.done(batch)) this.remove(batch);
      } while (performance.now() - started < this.turnMs);
      if (chunks) this.deferred(chunks);
      this.schedule();
    });
  }
}
