import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { EntityManager } from 'typeorm';
import { isSuspended, Viewer } from '../access/viewer';
import { TokensService } from '../identity/auth/tokens.service';
import { ViewerService } from '../identity/auth/viewer.service';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { RateLimiter } from '../platform/rate-limit/rate-limiter.service';
import { RateLimit } from '../platform/rate-limit/rate-limit.types';
import { UsersService } from '../identity/users/users.service';
import { RoomAccessRegistry } from './room-access.registry';
import { RoomEventEnvelope, rooms, RoomEventsService, StoredRoomEvent } from '../outbox/room-events.service';
import { RevalidationTarget, SocketRevalidationService } from './socket-revalidation.service';
import { TransactionHooksService } from '../platform/events/transaction-hooks.service';

/** Acknowledgement of every client → server call. */
export type Ack = { ok: true; [k: string]: unknown } | { ok: false; error: string; retryAfterSeconds?: number };

export const NOT_FOUND: Ack = { ok: false, error: 'NOT_FOUND' };

/** One room a socket follows, with what it has been sent so far. */
interface Subscription {
  room: string;
  /** Last seq sent to this socket; null until the subscription's start job ran. */
  lastSeq: number | null;
  /** Jobs (replay, live delivery, gap fill) run one after another per subscription. */
  queue: Promise<void>;
  pending: number;
  active: boolean;
}

interface SocketState {
  socket: Socket;
  viewer: Viewer | null;
  /** Refresh-token family (login session) of the token the socket connected with. */
  sessionId: string | null;
  subs: Map<string, Subscription>;
  profile?: { id: string; handle: string; displayName: string };
  lastTypingAt: Map<string, number>;
}

/** Server-to-server messages (through the Redis adapter when there are several instances). */
const ROOM_EVENTS = 'asgm:room-events';
const REVALIDATE = 'asgm:revalidate';

const READ_BATCH = 500;
/** Rooms one socket may follow at once (its own user room included). */
const MAX_SUBSCRIPTIONS = 100;
const TYPING_MIN_INTERVAL_MS = 1000;
/** `subscribe` calls per socket (a product limit: always on). */
export const SUBSCRIBE_LIMIT: RateLimit = { name: 'socket.subscribe', limit: 30, windowSeconds: 10, timeBased: false };

/**
 * Socket state and delivery. Every stored room event reaches each subscribed socket through
 * a per-subscription queue: in seq order, once, with gaps filled from storage (a replay, or an
 * event published by another instance that overtook an earlier one). Ephemeral events
 * (typing, presence) go straight through the socket.io adapter.
 */
@Injectable()
export class RealtimeService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly states = new Map<string, SocketState>();
  private server: Server | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private rechecking = false;

  constructor(
    private readonly roomEvents: RoomEventsService,
    private readonly registry: RoomAccessRegistry,
    private readonly viewers: ViewerService,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly hooks: TransactionHooksService,
    private readonly revalidation: SocketRevalidationService,
    private readonly rateLimiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    roomEvents.onCommitted((events) => this.publish(events));
    revalidation.attach(async (target) => {
      if (this.config.redisUrl) this.server?.serverSideEmit(REVALIDATE, target);
      await this.revalidateLocal(this.targets(target));
    });
  }

  /** Called once by the gateway with the socket.io server. */
  attach(server: Server): void {
    this.server = server;
    server.on(ROOM_EVENTS, (events: StoredRoomEvent[]) => this.deliverLocal(events));
    server.on(REVALIDATE, (target: RevalidationTarget) => void this.revalidateLocal(this.targets(target)).catch((err) => this.logger.warn({ err }, 'socket re-check failed')));
  }

  onApplicationBootstrap(): void {
    this.recheckTimer = setInterval(() => void this.recheckAll(), this.config.realtimeRecheckSeconds * 1000);
    this.recheckTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.recheckTimer) clearInterval(this.recheckTimer);
  }

  // ---- connections -------------------------------------------------------------------

  connected(socket: Socket): void {
    const viewer: Viewer | null = socket.data.viewer ?? null;
    const state: SocketState = { socket, viewer, sessionId: socket.data.sessionId ?? null, subs: new Map(), lastTypingAt: new Map() };
    this.states.set(socket.id, state);
    if (viewer) void this.start(state, rooms.user(viewer.id), null);
  }

  disconnected(socket: Socket): void {
    const state = this.states.get(socket.id);
    if (!state) return;
    for (const sub of state.subs.values()) sub.active = false;
    this.states.delete(socket.id);
  }

  // ---- client calls ------------------------------------------------------------------

  async subscribe(socket: Socket, payload: unknown): Promise<Ack> {
    const state = this.states.get(socket.id);
    const body = (payload ?? {}) as { room?: unknown; lastSeq?: unknown };
    if (!state || typeof payload !== 'object') return NOT_FOUND;
    const lastSeq = body.lastSeq ?? null;
    if (lastSeq !== null && !(typeof lastSeq === 'number' && Number.isSafeInteger(lastSeq) && lastSeq >= 0)) {
      return { ok: false, error: 'BAD_USER_INPUT' };
    }
    const limited = await this.rateLimiter.hit(SUBSCRIBE_LIMIT, socket.id);
    if (!limited.allowed) return { ok: false, error: 'RATE_LIMITED', retryAfterSeconds: limited.retryAfterSeconds };
    const parsed = this.registry.parse(body.room);
    if (!parsed) return NOT_FOUND;
    if (state.viewer && parsed.kind !== 'user') {
      // The viewer as it is now (role, sectors, suspension), not as it was at the handshake.
      // (Not for user rooms: only the id matters there, and a resubscribe with lastSeq must
      // reach the already joined own room as fast as possible.)
      const viewer = await this.viewers.byUserId(state.viewer.id);
      if (!viewer || isSuspended(viewer)) {
        this.end(state, viewer ? 'SUSPENDED' : 'UNAUTHENTICATED');
        return NOT_FOUND;
      }
      state.viewer = viewer;
      socket.data.viewer = viewer;
    }
    if (!(await this.registry.canAccess(state.viewer, parsed))) return NOT_FOUND;
    if (!socket.connected) return NOT_FOUND;
    const room = `${parsed.kind}:${parsed.id}`;
    if (!state.subs.has(room) && state.subs.size >= MAX_SUBSCRIPTIONS) return { ok: false, error: 'RATE_LIMITED' };
    return this.start(state, room, lastSeq);
  }

  unsubscribe(socket: Socket, payload: unknown): Ack {
    const state = this.states.get(socket.id);
    const room = this.registry.parse((payload as { room?: unknown } | null)?.room);
    if (state && room) {
      const name = `${room.kind}:${room.id}`;
      // A signed-in socket stays in its own user room.
      if (name !== (state.viewer && rooms.user(state.viewer.id))) this.drop(state, name, false);
    }
    return { ok: true };
  }

  async typing(socket: Socket, payload: unknown): Promise<Ack> {
    const state = this.states.get(socket.id);
    const parsed = this.registry.parse((payload as { room?: unknown } | null)?.room);
    if (!state?.viewer) return { ok: false, error: 'UNAUTHENTICATED' };
    const room = parsed && `${parsed.kind}:${parsed.id}`;
    if (!room || !state.subs.get(room)?.active || parsed.kind === 'user') return NOT_FOUND;
    const now = Date.now();
    if (now - (state.lastTypingAt.get(room) ?? 0) < TYPING_MIN_INTERVAL_MS) return { ok: true };
    state.lastTypingAt.set(room, now);
    if (!state.profile) {
      const user = await this.users.findById(state.viewer.id);
      if (!user) return NOT_FOUND;
      state.profile = { id: user.id, handle: user.handle, displayName: user.displayName };
    }
    // Ephemeral: in the `event` envelope with seq null, to everyone in the room but the sender.
    const envelope: RoomEventEnvelope = { room, seq: null, type: 'typing', data: { room, user: state.profile }, at: new Date().toISOString() };
    socket.to(room).emit('event', envelope);
    return { ok: true };
  }

  // ---- publishing --------------------------------------------------------------------

  /** Delivers committed events here and, through the adapter, on every other instance. */
  private publish(events: StoredRoomEvent[]): void {
    if (!this.server || !events.length) return;
    this.deliverLocal(events);
    if (this.config.redisUrl) this.server.serverSideEmit(ROOM_EVENTS, events);
  }

  /** Ephemeral event (no seq, not stored), e.g. `live.presence`: to every socket in the room, on every instance. */
  broadcastEphemeral(room: string, type: string, data: Record<string, unknown>): void {
    const envelope: RoomEventEnvelope = { room, seq: null, type, data, at: new Date().toISOString() };
    this.server?.to(room).emit('event', envelope);
  }

  private deliverLocal(events: StoredRoomEvent[]): void {
    const members = this.server?.sockets.adapter.rooms;
    if (!members) return;
    for (const event of events) {
      for (const socketId of members.get(event.room) ?? []) {
        const state = this.states.get(socketId);
        const sub = state?.subs.get(event.room);
        if (state && sub) this.deliver(state, sub, event);
      }
    }
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

  // ---- subscriptions -----------------------------------------------------------------

  /** Joins (once) and queues the start job: replay after `lastSeq`, or start at the current head. */
  private start(state: SocketState, room: string, lastSeq: number | null): Promise<Ack> {
    let sub = state.subs.get(room);
    if (!sub) {
      sub = { room, lastSeq: null, queue: Promise.resolve(), pending: 0, active: true };
      state.subs.set(room, sub);
      void state.socket.join(room);
    }
    const current = sub;
    return this.enqueue(current, async (): Promise<Ack> => {
      if (!current.active) return NOT_FOUND;
      const head = await this.roomEvents.head(room);
      if (lastSeq === null) {
        current.lastSeq ??= head;
        return { ok: true, seq: Math.max(current.lastSeq, head) };
      }
      const from = Math.min(lastSeq, head);
      const { last, first } = await this.sendStored(state, current, from);
      current.lastSeq = Math.max(current.lastSeq ?? 0, last ?? from);
      // Events between lastSeq and head that storage no longer has (retention): tell the client.
      const truncated = head > from && (first === null || first > from + 1);
      return truncated ? { ok: true, seq: Math.max(current.lastSeq, head), truncated: true } : { ok: true, seq: Math.max(current.lastSeq, head) };
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

  private drop(state: SocketState, room: string, notify: boolean): void {
    const sub = state.subs.get(room);
    if (!sub) return;
    sub.active = false;
    state.subs.delete(room);
    void state.socket.leave(room);
    if (notify) state.socket.emit('unsubscribed', { room, error: 'NOT_FOUND' });
  }

  // ---- access re-checks --------------------------------------------------------------

  /**
   * Re-checks at once the sockets of a user (after a suspension, role, membership or sector
   * change), on every instance: suspended or signed-out sockets are disconnected, rooms the
   * user may no longer see are left. Inside a transaction, it happens after commit.
   */
  async revalidateUser(userId: string, manager?: EntityManager): Promise<void> {
    await this.revalidation.revalidateUser(userId, manager);
  }

  /** Re-checks every socket in a room here (after its visibility changed); the periodic check covers other instances. */
  async revalidateRoom(room: string, manager?: EntityManager): Promise<void> {
    await this.revalidate(manager, (s) => s.subs.has(room));
  }

  /** Now, or (inside a transaction) right after commit, before that transaction's own room events are delivered. */
  private async revalidate(manager: EntityManager | undefined, which: (state: SocketState) => boolean): Promise<void> {
    const run = async () => {
      await this.revalidateLocal(which).catch((err) => this.logger.warn({ err }, 'socket re-check failed'));
    };
    if (manager && this.hooks.inTransaction(manager)) await this.hooks.afterCommit(manager, run);
    else await run();
  }

  private targets(target: RevalidationTarget): (state: SocketState) => boolean {
    return 'userId' in target ? (s) => !!s.viewer && s.viewer.id === target.userId : (s) => !!s.sessionId && s.sessionId === target.sessionId;
  }

  private async recheckAll(): Promise<void> {
    if (this.rechecking || !this.states.size) return;
    this.rechecking = true;
    try {
      await this.revalidateLocal(() => true);
    } catch (err) {
      this.logger.warn({ err }, 'socket re-check failed');
    } finally {
      this.rechecking = false;
    }
  }

  private async revalidateLocal(which: (state: SocketState) => boolean): Promise<void> {
    const states = [...this.states.values()].filter(which);
    if (!states.length) return;
    const signedIn = states.filter((s) => s.viewer);
    const [viewers, sessions] = await Promise.all([
      this.viewers.byUserIds(signedIn.map((s) => s.viewer!.id)),
      this.tokens.activeFamilies(signedIn.map((s) => s.sessionId!).filter(Boolean)),
    ]);
    const alive: SocketState[] = [];
    for (const state of states) {
      if (state.viewer) {
        const viewer = viewers.get(state.viewer.id);
        const ended = !viewer ? 'UNAUTHENTICATED' : isSuspended(viewer) ? 'SUSPENDED' : !sessions.has(state.sessionId ?? '') ? 'UNAUTHENTICATED' : null;
        if (ended) {
          this.end(state, ended);
          continue;
        }
        state.viewer = viewer!;
        state.socket.data.viewer = viewer;
      }
      alive.push(state);
    }
    // One batched check per room: every distinct viewer following it at once.
    const byRoom = new Map<string, Map<string, Viewer | null>>();
    for (const state of alive) {
      for (const room of state.subs.keys()) {
        let group = byRoom.get(room);
        if (!group) byRoom.set(room, (group = new Map()));
        group.set(state.viewer?.id ?? '', state.viewer);
      }
    }
    const allowed = new Map<string, Map<string, boolean>>();
    await Promise.all(
      [...byRoom].map(async ([room, group]) => {
        const keys = [...group.keys()];
        const answers = await this.registry.canAccessMany([...group.values()], room);
        allowed.set(room, new Map(keys.map((k, i) => [k, answers[i]])));
      }),
    );
    for (const state of alive) {
      for (const room of [...state.subs.keys()]) {
        if (allowed.get(room)?.get(state.viewer?.id ?? '') !== true) this.drop(state, room, true);
      }
    }
  }

  private end(state: SocketState, reason: string): void {
    if (!this.states.has(state.socket.id)) return;
    state.socket.emit('session.ended', { reason });
    state.socket.disconnect(true);
    this.disconnected(state.socket);
  }
}
