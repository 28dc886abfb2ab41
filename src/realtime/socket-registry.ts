import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { Viewer } from '../access/viewer';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { MetricsService } from '../platform/metrics/metrics.service';
import { LivePresence } from '../live-sessions/live-presence.service';
import { RoomEventEnvelope, StoredRoomEvent, UserSummary } from '../outbox/room-events';
import { ChunkedBroadcast } from './chunked-broadcast';
import { EngineSocket, inOneWrite } from './corked-writes';

/** Jobs run one after another (a subscription's replays, a channel's gap fills and hand-overs). */
export interface Serial {
  room: string;
  /** The last job queued; null when none is pending. */
  queue: Promise<void> | null;
  pending: number;
}

/**
 * One room as this instance delivers it: the sockets that are caught up on it (`live`) sit in a
 * socket.io room of their own (`liveRoom`, local to this instance) and get each stored event with
 * one broadcast, encoded once; the others replay from storage until they reach `seq`.
 */
export interface Channel extends Serial {
  /**
   * Local socket.io room of the caught-up sockets. For rooms with ephemeral events (threads,
   * sessions: typing, presence), whose socket.io room holds every subscriber at once, a room of
   * its own (never a name clients can subscribe to); for user rooms, which have none, the room itself.
   */
  liveRoom: string;
  /** Last seq broadcast to `liveRoom`; null until a first subscription went live. */
  seq: number | null;
  /** Highest seq this instance heard of as committed. */
  known: number;
  /** Subscriptions of this instance (live or catching up); the channel is dropped at 0. */
  members: number;
  closed: boolean;
}

/** Whether `room` has ephemeral events (typing, presence: to every subscriber, on every instance); user rooms have none. */
const hasEphemeralEvents = (room: string): boolean => !room.startsWith('user:');

/** One room a socket follows, with what it has been sent so far. */
export interface Subscription extends Serial {
  channel: Channel;
  /** Last seq sent to this socket while it is not live; null until the subscription's start job ran. */
  lastSeq: number | null;
  /** In the channel's live room: gets every event through the room broadcast (its seq is the channel's). */
  live: boolean;
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
  /** When the socket last sent `typing`, per room (created on first use). */
  lastTypingAt?: Map<string, number>;
}

/**
 * The sockets connected to this instance, the rooms each follows, and the socket.io server
 * (given by the gateway when it starts). Every other realtime service reads and changes socket
 * state through here.
 */
@Injectable()
export class SocketRegistry {
  private readonly logger = new Logger('SocketRegistry');
  private readonly states = new Map<string, SocketState>();
  private readonly channels = new Map<string, Channel>();
  private server: Server | null = null;
  /** Live rooms' broadcasts, a chunk of sockets per event-loop turn (requests in flight are not held up by a whole room). */
  private readonly live: ChunkedBroadcast<StoredRoomEvent>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly presence: LivePresence,
    @Optional() metrics?: MetricsService,
  ) {
    this.live = new ChunkedBroadcast<StoredRoomEvent>(
      (room) => this.server?.sockets.adapter.rooms.get(room),
      (to, event) => this.server?.local.to(to).emit('event', event),
      {
        size: config.realtimeBroadcastChunk,
        turnMs: config.realtimeBroadcastTurnMs,
        deferred: (chunks) => metrics?.countBroadcastDeferred(chunks),
        together: (ids, sendAll) => inOneWrite(ids.map((id) => this.server?.sockets.sockets.get(id)?.conn as EngineSocket | undefined), sendAll),
        failed: (err) => this.logger.error({ err }, 'a chunk of a room broadcast failed'),
      },
    );
  }

  /** Called once by the gateway with the socket.io server. */
  useServer(server: Server): void {
    this.server = server;
    // every join to a live room flushes it first (joinLive); any other join must not join a batch of events given before it
    server.sockets.adapter.on('join-room', (room: string) => this.live.joined(room));
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
      this.release(sub);
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

  /** The channel of `room` while a socket of this instance follows it. */
  channel(room: string): Channel | undefined {
    return this.channels.get(room);
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
      let channel = this.channels.get(room);
      if (!channel) {
        channel = { room, liveRoom: hasEphemeralEvents(room) ? `live>${room}` : room, seq: null, known: 0, members: 0, closed: false, queue: null, pending: 0 };
        this.channels.set(room, channel);
      }
      channel.members++;
      sub = { room, channel, lastSeq: null, live: false, queue: null, pending: 0, active: true };
      state.subs.set(room, sub);
      // Ephemeral events go to every subscriber at once, caught up or not.
      if (hasEphemeralEvents(room)) void state.socket.join(room);
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
    // Out of the live room first, with what its broadcasts still owe this socket sent (for a room
    // without ephemeral events the live room is the room itself), then out of the room `join` put it in.
    if (sub.live) this.leaveLive(state, sub);
    if (hasEphemeralEvents(room)) void state.socket.leave(room);
    this.release(sub);
    this.presenceLeft(state, room);
    if (notify) state.socket.emit('unsubscribed', { room, error: 'NOT_FOUND' });
  }

  /** Puts a caught-up subscription in its channel's live room (call it only from a channel job, where `seq` stands still). */
  joinLive(state: SocketState, sub: Subscription): void {
    // What the room's broadcasts still owe its sockets goes first: this one is caught up to `seq`.
    this.live.flush(sub.channel.liveRoom);
    // Local and synchronous with socket.io's in-memory and Redis adapters: the next broadcast includes it.
    void state.socket.join(sub.channel.liveRoom);
    sub.live = true;
  }

  /** Takes a subscription out of the live room; it has been sent everything up to the channel's `seq`. */
  leaveLive(state: SocketState, sub: Subscription): void {
    // It leaves with everything up to `seq` sent.
    this.live.flush(sub.channel.liveRoom);
    void state.socket.leave(sub.channel.liveRoom);
    sub.live = false;
    sub.lastSeq = sub.channel.seq;
  }

  /**
   * One stored event to every caught-up socket of this instance: encoded once per chunk of
   * sockets (socket.io pre-encodes the frame), in order, each socket once.
   */
  broadcastLive(channel: Channel, event: StoredRoomEvent): void {
    this.live.broadcast(channel.liveRoom, event);
    channel.seq = event.seq;
  }

  private release(sub: Subscription): void {
    const channel = sub.channel;
    if (--channel.members > 0) return;
    channel.closed = true;
    if (this.channels.get(channel.room) === channel) this.channels.delete(channel.room);
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
