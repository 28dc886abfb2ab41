import { Injectable, Logger } from '@nestjs/common';
import type { LiveSessionPresenceChangedEvent } from '../live-sessions/live-sessions.events';
import { rooms, RoomEventsCommittedEvent, StoredRoomEvent } from '../outbox/room-events';
import { RoomEventsService } from '../outbox/room-events.service';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { Ack, NOT_FOUND, RELAY } from './socket-protocol';
import { SocketRegistry, SocketState, Subscription } from './socket-registry';

const READ_BATCH = 500;

/**
 * Stored room events to sockets. Every event reaches each subscribed socket through a
 * per-subscription queue: in seq order, once, with gaps filled from storage (a replay after
 * `lastSeq`, or an event published by another instance that overtook an earlier one).
 * Committed events come from the outbox (`room-events.committed`, after commit) and are
 * relayed to the other instances, which deliver them to their own sockets.
 */
@Injectable()
export class RoomDelivery {
  private readonly logger = new Logger('RoomDelivery');

  constructor(
    private readonly sockets: SocketRegistry,
    private readonly roomEvents: RoomEventsService,
  ) {}

  /** Committed on this instance: delivered here and, through the adapter, on every other instance. */
  @OnDomainEvent('room-events.committed', { phase: 'afterCommit' })
  onCommitted({ events }: RoomEventsCommittedEvent): void {
    if (!this.sockets.ready || !events.length) return;
    this.deliverHere(events);
    this.sockets.relay(RELAY.roomEvents, events);
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
      for (const state of this.sockets.inRoom(event.room)) {
        const sub = state.subs.get(event.room);
        if (sub) this.deliver(state, sub, event);
      }
    }
  }

  /**
   * Joins `room` (once) and queues its start job: with `lastSeq`, a replay from storage of
   * every later event; without, the subscription starts at the room's current head.
   */
  start(state: SocketState, room: string, lastSeq: number | null): Promise<Ack> {
    const sub = this.sockets.join(state, room);
    return this.enqueue(sub, async (): Promise<Ack> => {
      if (!sub.active) return NOT_FOUND;
      const head = await this.roomEvents.head(room);
      if (lastSeq === null) {
        sub.lastSeq ??= head;
        return { ok: true, seq: Math.max(sub.lastSeq, head) };
      }
      const from = Math.min(lastSeq, head);
      const { last, first } = await this.sendStored(state, sub, from);
      sub.lastSeq = Math.max(sub.lastSeq ?? 0, last ?? from);
      // Events between lastSeq and head that storage no longer has (retention): tell the client.
      const truncated = head > from && (first === null || first > from + 1);
      return truncated ? { ok: true, seq: Math.max(sub.lastSeq, head), truncated: true } : { ok: true, seq: Math.max(sub.lastSeq, head) };
    });
  }

  private deliver(state: SocketState, sub: Subscription, event: StoredRoomEvent): void {
    if (sub.pending === 0 && sub.lastSeq !== null) {
      // Fast path: nothing queued and the event is the next one (or already sent).
      if (event.seq <= sub.lastSeq) return;
      if (event.seq === sub.lastSeq + 1) {
        state.socket.emit('event', event);
        sub.lastSeq = event.seq;
        return;
      }
    }
    void this.enqueue(sub, async () => {
      if (!sub.active || sub.lastSeq === null || event.seq <= sub.lastSeq) return;
      if (event.seq > sub.lastSeq + 1) await this.sendStored(state, sub, sub.lastSeq, event.seq);
      if (!sub.active || event.seq <= (sub.lastSeq ?? 0)) return;
      state.socket.emit('event', event);
      sub.lastSeq = event.seq;
    });
  }

  /** Sends stored events with after < seq < before (or all later ones), in order. */
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

  private enqueue<T>(sub: Subscription, job: () => Promise<T>): Promise<T> {
    sub.pending++;
    const result = sub.queue.then(job);
    sub.queue = result.then(
      () => void sub.pending--,
      (err) => {
        sub.pending--;
        this.logger.warn({ err, room: sub.room }, 'socket delivery failed');
      },
    );
    return result;
  }
}
