import { Injectable, Logger } from '@nestjs/common';
import type { LiveSessionPresenceChangedEvent } from '../live-sessions/live-sessions.events';
import { rooms, RoomEventsCommittedEvent, StoredRoomEvent } from '../outbox/room-events';
import { RoomEventsService } from '../outbox/room-events.service';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { Ack, NOT_FOUND, RELAY } from './socket-protocol';
import { inSeqOrder } from './in-seq-order';
import { Channel, Serial, SocketRegistry, SocketState, Subscription } from './socket-registry';

const READ_BATCH = 500;
/** A hand-over that failed (storage unreachable) is tried again after this long, doubling up to 10 s. */
const HANDOVER_RETRY_MS = 250;

/**
 * Stored room events to sockets: in seq order, once, with gaps filled from storage.
 *
 * Each room this instance follows has a channel. A subscription first catches up on its own (a
 * replay from storage after `lastSeq`, or nothing when it starts at the room's head); then a
 * hand-over, in the channel's queue, brings it exactly to the channel's `seq` and puts it in the
 * channel's live room. From there each event reaches every caught-up socket with one room
 * broadcast (one encoding and one pre-computed WebSocket frame per chunk of
 * REALTIME_BROADCAST_CHUNK sockets, a large room's chunks in later turns: `ChunkedBroadcast`), in
 * seq order; an event that
 * overtook an earlier one (another instance published it first) waits in the channel's queue
 * while the gap is read from storage.
 *
 * Committed events come from the outbox (`room-events.committed`, after commit). They are
 * delivered and relayed to the other instances just after the committing call has returned
 * (setImmediate; the events of a room in seq order, `inSeqOrder`), so a write's answer never waits
 * for the fan-out.
 */
@Injectable()
export class RoomDelivery {
  private readonly logger = new Logger('RoomDelivery');
  /** Committed here, not yet delivered (in the order their commits were taken; `inSeqOrder` sorts each room's, rooms may interleave differently: order is promised per room). */
  private outgoing: StoredRoomEvent[] = [];
  private flushScheduled = false;

  constructor(
    private readonly sockets: SocketRegistry,
    private readonly roomEvents: RoomEventsService,
  ) {}

  /** Committed on this instance: delivered here and, through the adapter, on every other instance. */
  @OnDomainEvent('room-events.committed', { phase: 'afterCommit' })
  onCommitted({ events }: RoomEventsCommittedEvent): void {
    if (!this.sockets.ready || !events.length) return;
    for (const event of events) this.outgoing.push(event);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushOutgoing());
  }

  private flushOutgoing(): void {
    this.flushScheduled = false;
    const events = inSeqOrder(this.outgoing);
    this.outgoing = [];
    for (const step of [() => this.sockets.relay(RELAY.roomEvents, events), () => this.deliverHere(events)]) {
      try {
        step();
      } catch (err) {
        this.logger.error({ err }, 'room event delivery failed');
      }
    }
  }

  /**
   * `live.presence` (ephemeral, seq null) to everyone in `session:<id>`, on every instance: the
   * presence tracker emits it once per change across instances (throttled to one a second).
   */
  @OnDomainEvent('live-session.presence-changed', { phase: 'afterCommit' })
  onPresenceChanged({ sessionId, participantCount }: LiveSessionPresenceChangedEvent): void {
    const room = rooms.session(sessionId);
    this.sockets.broadcast({ room, seq: null, type: 'live.presence', data: { sessionId, participantCount }, at: new Date().toISOString() });
  }

  /** Delivers committed events (of this or another instance) to this instance's subscribed sockets. */
  deliverHere(events: StoredRoomEvent[]): void {
    for (const event of events) {
      const channel = this.sockets.channel(event.room);
      if (!channel) continue;
      if (event.seq > channel.known) channel.known = event.seq;
      if (channel.pending === 0) {
        // Nobody live yet: the first hand-over reads up to `known` from storage.
        if (channel.seq === null || event.seq <= channel.seq) continue;
        // Fast path: nothing queued and the event is the next one.
        if (event.seq === channel.seq + 1) {
          this.sockets.broadcastLive(channel, event);
          continue;
        }
      }
      void this.enqueue(channel, async () => {
        if (channel.closed || channel.seq === null || event.seq <= channel.seq) return;
        await this.fill(channel, event.seq - 1);
        if (channel.closed || event.seq <= channel.seq) return;
        this.sockets.broadcastLive(channel, event);
      });
    }
  }

  /**
   * Joins `room` (once) and queues its start job: with `lastSeq`, a replay from storage of
   * every later event; without, the subscription starts at the room's current head. Then the
   * subscription is handed over to the room's live broadcast.
   */
  start(state: SocketState, room: string, lastSeq: number | null): Promise<Ack> {
    const sub = this.sockets.join(state, room);
    return this.enqueue(sub, async (): Promise<Ack> => {
      if (!sub.active) return NOT_FOUND;
      if (sub.live && lastSeq === null) {
        const head = await this.roomEvents.head(room);
        return { ok: true, seq: Math.max(sub.channel.seq ?? 0, head) };
      }
      // A live subscription asking for a replay leaves the broadcast while it replays.
      if (sub.live) {
        await this.enqueue(sub.channel, async () => {
          if (sub.live) this.sockets.leaveLive(state, sub);
        });
      }
      const head = await this.roomEvents.head(room);
      let ack: Ack;
      if (lastSeq === null) {
        sub.lastSeq ??= head;
        ack = { ok: true, seq: Math.max(sub.lastSeq, head) };
      } else {
        const from = Math.min(lastSeq, head);
        const { last, first } = await this.sendStored(state, sub, from);
        sub.lastSeq = Math.max(sub.lastSeq ?? 0, last ?? from);
        // Events between lastSeq and head that storage no longer has (retention): tell the client.
        const truncated = head > from && (first === null || first > from + 1);
        ack = truncated ? { ok: true, seq: Math.max(sub.lastSeq, head), truncated: true } : { ok: true, seq: Math.max(sub.lastSeq, head) };
      }
      await this.handOver(state, sub);
      return ack;
    });
  }

  /**
   * In the channel's queue (its `seq` stands still meanwhile): brings the subscription exactly to
   * the channel's `seq` (from storage, to this socket alone), or the channel up to the
   * subscription's (from storage, to the live sockets), then puts it in the live room, then reads
   * what this instance heard of while nobody was live. Retried while storage fails.
   */
  private async handOver(state: SocketState, sub: Subscription): Promise<void> {
    const channel = sub.channel;
    const job = async () => {
      if (!sub.active || channel.closed || sub.live || sub.lastSeq === null) return;
      if (channel.seq === null) channel.seq = sub.lastSeq;
      if (sub.lastSeq < channel.seq) {
        await this.sendStored(state, sub, sub.lastSeq, channel.seq + 1);
        sub.lastSeq = channel.seq;
      }
      if (sub.lastSeq > channel.seq) await this.fill(channel, sub.lastSeq);
      if (!sub.active || channel.closed) return;
      this.sockets.joinLive(state, sub);
      while (channel.known > channel.seq && !channel.closed) await this.fill(channel, channel.known);
    };
    for (let wait = HANDOVER_RETRY_MS; ; wait = Math.min(wait * 2, 10_000)) {
      try {
        return await this.enqueue(channel, job);
      } catch {
        if (!sub.active || channel.closed) return;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** Broadcasts stored events after the channel's `seq` up to `upTo` to its live sockets (channel jobs only). */
  private async fill(channel: Channel, upTo: number): Promise<void> {
    while (!channel.closed && channel.seq! < upTo) {
      const batch = await this.roomEvents.read(channel.room, channel.seq!, READ_BATCH, upTo + 1);
      if (channel.closed) return;
      for (const event of batch) if (event.seq > channel.seq!) this.sockets.broadcastLive(channel, event);
      // Events storage no longer has (retention) are skipped.
      if (batch.length < READ_BATCH && channel.seq! < upTo) channel.seq = upTo;
    }
  }

  /** Sends stored events with after < seq < before (or all later ones) to one socket, in order. */
  private async sendStored(state: SocketState, sub: Subscription, after: number, before?: number): Promise<{ first: number | null; last: number | null }> {
    let cursor = after;
    let first: number | null = null;
    for (;;) {
      const batch = await this.roomEvents.read(sub.room, cursor, READ_BATCH, before);
      if (!sub.active) break;
      for (const event of batch) {
        state.socket.emit('event', event);
        first ??= event.seq;
        cursor = event.seq;
      }
      if (sub.lastSeq !== null && cursor > sub.lastSeq) sub.lastSeq = cursor;
      if (batch.length < READ_BATCH) break;
    }
    return { first, last: first === null ? null : cursor };
  }

  private enqueue<T>(serial: Serial, job: () => Promise<T>): Promise<T> {
    serial.pending++;
    const result = (serial.queue ?? Promise.resolve()).then(job);
    const done: Promise<void> = result.then(
      (): void => this.finished(serial, done),
      (err): void => {
        this.finished(serial, done);
        this.logger.warn({ err, room: serial.room }, 'socket delivery failed');
      },
    );
    serial.queue = done;
    return result;
  }

  private finished(serial: Serial, done: Promise<void>): void {
    serial.pending--;
    // Nothing queued after it: an idle queue keeps no promise.
    if (serial.queue === done) serial.queue = null;
  }
}
