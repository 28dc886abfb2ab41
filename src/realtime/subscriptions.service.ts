import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { isSuspended } from '../access/viewer';
import { ViewerService } from '../identity/auth/viewer.service';
import { rooms } from '../outbox/room-events';
import { RateLimiter } from '../platform/rate-limit/rate-limiter.service';
import { RateLimit } from '../platform/rate-limit/rate-limit.types';
import { RoomAccess } from './room-access';
import { RoomDelivery } from './room-delivery.service';
import { Ack, NOT_FOUND } from './socket-protocol';
import { SocketRegistry } from './socket-registry';

/** Rooms one socket may follow at once (its own user room included). */
const MAX_SUBSCRIPTIONS = 100;
/** `subscribe` calls per socket (a product limit: always on). */
export const SUBSCRIBE_LIMIT: RateLimit = { name: 'socket.subscribe', limit: 30, windowSeconds: 10, timeBased: false };

/** The rooms a socket follows: its own user room from the start, then `subscribe` / `unsubscribe`. */
@Injectable()
export class Subscriptions {
  constructor(
    private readonly sockets: SocketRegistry,
    private readonly access: RoomAccess,
    private readonly delivery: RoomDelivery,
    private readonly viewers: ViewerService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** A new socket: a signed-in one follows its user room at once. */
  connected(socket: Socket): void {
    const state = this.sockets.add(socket);
    if (state.viewer) void this.delivery.start(state, rooms.user(state.viewer.id), null);
  }

  disconnected(socket: Socket): void {
    this.sockets.remove(socket);
  }

  /** `subscribe { room, lastSeq? }`: NOT_FOUND for rooms the viewer may not follow. */
  async subscribe(socket: Socket, payload: unknown): Promise<Ack> {
    const state = this.sockets.get(socket);
    const body = (payload ?? {}) as { room?: unknown; lastSeq?: unknown };
    if (!state || typeof payload !== 'object') return NOT_FOUND;
    const lastSeq = body.lastSeq ?? null;
    if (lastSeq !== null && !(typeof lastSeq === 'number' && Number.isSafeInteger(lastSeq) && lastSeq >= 0)) {
      return { ok: false, error: 'BAD_USER_INPUT' };
    }
    const limited = await this.rateLimiter.hit(SUBSCRIBE_LIMIT, socket.id);
    if (!limited.allowed) return { ok: false, error: 'RATE_LIMITED', retryAfterSeconds: limited.retryAfterSeconds };
    const room = this.access.parse(body.room);
    if (!room) return NOT_FOUND;
    if (state.viewer && room.kind !== 'user') {
      // The viewer as it is now (role, sectors, suspension), not as it was at the handshake.
      // (Not for user rooms: only the id matters there, and a resubscribe with lastSeq must
      // reach the already joined own room as fast as possible.)
      const viewer = await this.viewers.byUserId(state.viewer.id);
      if (!viewer || isSuspended(viewer)) {
        this.sockets.end(state, viewer ? 'SUSPENDED' : 'UNAUTHENTICATED');
        return NOT_FOUND;
      }
      this.sockets.setViewer(state, viewer);
    }
    if (!(await this.access.canAccess(state.viewer, room))) return NOT_FOUND;
    if (!socket.connected) return NOT_FOUND;
    if (!state.subs.has(room.name) && state.subs.size >= MAX_SUBSCRIPTIONS) return { ok: false, error: 'RATE_LIMITED' };
    return this.delivery.start(state, room.name, lastSeq);
  }

  /** `unsubscribe { room }`: always ok; a signed-in socket stays in its own user room. */
  unsubscribe(socket: Socket, payload: unknown): Ack {
    const state = this.sockets.get(socket);
    const room = this.access.parse((payload as { room?: unknown } | null)?.room);
    if (state && room && room.name !== (state.viewer && rooms.user(state.viewer.id))) this.sockets.leave(state, room.name, false);
    return { ok: true };
  }
}
