import { Inject, Injectable } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { Viewer } from '../access/viewer';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { LivePresence } from '../live-sessions/live-presence.service';
import { RoomEventEnvelope, UserSummary } from '../outbox/room-events';

/** One room a socket follows, with what it has been sent so far. */
export interface Subscription {
  room: string;
  /** Last seq sent to this socket; null until the subscription's start job ran. */
  lastSeq: number | null;
  /** Jobs (replay, live delivery, gap fill) run one after another per subscription. */
  queue: Promise<void>;
  pending: number;
  active: boolean;
}

/** What this instance knows of one connected socket. */
export interface SocketState {
  socket: Socket;
  /** As of the handshake, refreshed by `subscribe` and every re-check; null: anonymous. */
  viewer: Viewer | null;
  /** The login session (refresh-token family) of the token the socket connected with. */
  loginSessionId: string | null;
  subs: Map<string, Subscription>;
  /** The signed-in user as typing events show them (loaded on first use). */
  profile?: UserSummary;
  lastTypingAt: Map<string, number>;
}

/**
 * The sockets connected to this instance, the rooms each follows, and the socket.io server
 * (given by the gateway when it starts). Every other realtime service reads and changes socket
 * state through here.
 */
@Injectable()
export class SocketRegistry {
  private readonly states = new Map<string, SocketState>();
  private server: Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly presence: LivePresence,
  ) {}

  /** Called once by the gateway with the socket.io server. */
  useServer(server: Server): void {
    this.server = server;
  }

  get ready(): boolean {
    return this.server !== null;
  }

  add(socket: Socket): SocketState {
    const state: SocketState = {
      socket,
      viewer: socket.data.viewer ?? null,
      loginSessionId: socket.data.loginSessionId ?? null,
      subs: new Map(),
      lastTypingAt: new Map(),
    };
    this.states.set(socket.id, state);
    return state;
  }

  /** Forgets a socket; its subscriptions stop (queued jobs see `active: false`). */
  remove(socket: Socket): void {
    const state = this.states.get(socket.id);
    if (!state) return;
    for (const sub of state.subs.values()) {
      sub.active = false;
      this.presenceLeft(state, sub.room);
    }
    this.states.delete(socket.id);
  }

  get(socket: Socket): SocketState | undefined {
    return this.states.get(socket.id);
  }

  all(): SocketState[] {
    return [...this.states.values()];
  }

  /** Sockets of this instance that joined `room`. */
  inRoom(room: string): SocketState[] {
    const members = this.server?.sockets.adapter.rooms.get(room);
    if (!members) return [];
    const found: SocketState[] = [];
    for (const id of members) {
      const state = this.states.get(id);
      if (state) found.push(state);
    }
    return found;
  }

  /** Records the viewer as it is now (after a reload). */
  setViewer(state: SocketState, viewer: Viewer): void {
    state.viewer = viewer;
    state.socket.data.viewer = viewer;
  }

  /** Joins `room` (once) and returns its subscription. */
  join(state: SocketState, room: string): Subscription {
    let sub = state.subs.get(room);
    if (!sub) {
      sub = { room, lastSeq: null, queue: Promise.resolve(), pending: 0, active: true };
      state.subs.set(room, sub);
      void state.socket.join(room);
      // A live session counts its signed-in participants (once per user, across instances).
      if (state.viewer && room.startsWith('session:')) void this.presence.join(room.slice('session:'.length), state.viewer.id, state.socket.id);
    }
    return sub;
  }

  /** Leaves `room`; with `notify`, the client is told (`unsubscribed` with NOT_FOUND: it lost access). */
  leave(state: SocketState, room: string, notify: boolean): void {
    const sub = state.subs.get(room);
    if (!sub) return;
    sub.active = false;
    state.subs.delete(room);
    void state.socket.leave(room);
    this.presenceLeft(state, room);
    if (notify) state.socket.emit('unsubscribed', { room, error: 'NOT_FOUND' });
  }

  private presenceLeft(state: SocketState, room: string): void {
    if (state.viewer && room.startsWith('session:')) void this.presence.leave(room.slice('session:'.length), state.viewer.id, state.socket.id);
  }

  /** Sends an ephemeral event (seq null) to everyone in `room`, on every instance (through the adapter). */
  broadcast(envelope: RoomEventEnvelope): void {
    this.server?.to(envelope.room).emit('event', envelope);
  }

  /** Ends a socket: `session.ended` with the reason, then a disconnect. */
  end(state: SocketState, reason: string): void {
    if (!this.states.has(state.socket.id)) return;
    state.socket.emit('session.ended', { reason });
    state.socket.disconnect(true);
    this.remove(state.socket);
  }

  /** Sends a server-to-server message to the other instances (none without REDIS_URL). */
  relay(channel: string, payload: unknown): void {
    if (this.config.redisUrl) this.server?.serverSideEmit(channel, payload);
  }
}
