import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { isSuspended, Viewer } from '../access/viewer';
import { TokensService } from '../identity/auth/tokens.service';
import { ViewerService } from '../identity/auth/viewer.service';
import type { ThreadAccessChangedEvent } from '../forum/forum.events';
import type { LoginSessionEndedEvent, UserAccessChangedEvent } from '../identity/identity.events';
import { rooms } from '../outbox/room-events';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { RoomAccess } from './room-access';
import { RELAY } from './socket-protocol';
import { SocketRegistry, SocketState } from './socket-registry';

/** Whose sockets to re-check: a user's, those of one login session (refresh-token family), or those following a room. */
export type RecheckTarget = { userId: string } | { loginSessionId: string } | { room: string };

/**
 * Sockets keep only the access their user has now. A re-check reloads the viewer and the
 * login session: suspended or signed-out sockets are ended (`session.ended`, then a
 * disconnect), and rooms the viewer may no longer follow are left (`unsubscribed`).
 * - At once, on every instance, when identity reports an access change (`user.access-changed`,
 *   `login-session.ended`). These are after-commit handlers registered while the change's
 *   transaction ran, so they run before that transaction's own room events are delivered.
 * - Periodically for every socket here (REALTIME_RECHECK_SECONDS): the backstop for changes
 *   nobody reported (a suspension expiring, a thread hidden elsewhere).
 */
@Injectable()
export class AccessRechecks implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AccessRechecks');
  private timer: NodeJS.Timeout | null = null;
  private rechecking = false;

  constructor(
    private readonly sockets: SocketRegistry,
    private readonly access: RoomAccess,
    private readonly viewers: ViewerService,
    private readonly tokens: TokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.recheckAll(), this.config.realtimeRecheckSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  @OnDomainEvent('user.access-changed', { phase: 'afterCommit' })
  async onUserAccessChanged({ userId }: UserAccessChangedEvent): Promise<void> {
    await this.recheckEverywhere({ userId });
  }

  @OnDomainEvent('login-session.ended', { phase: 'afterCommit' })
  async onLoginSessionEnded({ loginSessionId }: LoginSessionEndedEvent): Promise<void> {
    await this.recheckEverywhere({ loginSessionId });
  }

  /** A thread was hidden or moved: the sockets following its room are re-checked, on every instance. */
  @OnDomainEvent('thread.access-changed', { phase: 'afterCommit' })
  async onThreadAccessChanged({ threadId }: ThreadAccessChangedEvent): Promise<void> {
    await this.recheckEverywhere({ room: rooms.thread(threadId) });
  }

  /** Asked by another instance (RELAY.recheck). */
  async recheckHere(target: RecheckTarget): Promise<void> {
    await this.recheck(this.targets(target)).catch((err) => this.logger.warn({ err }, 'socket re-check failed'));
  }

  private async recheckEverywhere(target: RecheckTarget): Promise<void> {
    this.sockets.relay(RELAY.recheck, target);
    await this.recheckHere(target);
  }

  private targets(target: RecheckTarget): (state: SocketState) => boolean {
    if ('room' in target) return (s) => s.subs.has(target.room);
    return 'userId' in target
      ? (s) => !!s.viewer && s.viewer.id === target.userId
      : (s) => !!s.loginSessionId && s.loginSessionId === target.loginSessionId;
  }

  private async recheckAll(): Promise<void> {
    if (this.rechecking || !this.sockets.all().length) return;
    this.rechecking = true;
    try {
      await this.recheck(() => true);
    } catch (err) {
      this.logger.warn({ err }, 'socket re-check failed');
    } finally {
      this.rechecking = false;
    }
  }

  private async recheck(which: (state: SocketState) => boolean): Promise<void> {
    const states = this.sockets.all().filter(which);
    if (!states.length) return;
    const signedIn = states.filter((s) => s.viewer);
    const [viewers, loginSessions] = await Promise.all([
      this.viewers.byUserIds(signedIn.map((s) => s.viewer!.id)),
      this.tokens.activeLoginSessions(signedIn.map((s) => s.loginSessionId!).filter(Boolean)),
    ]);
    const alive: SocketState[] = [];
    for (const state of states) {
      if (state.viewer) {
        const viewer = viewers.get(state.viewer.id);
        const ended = !viewer ? 'UNAUTHENTICATED' : isSuspended(viewer) ? 'SUSPENDED' : !loginSessions.has(state.loginSessionId ?? '') ? 'UNAUTHENTICATED' : null;
        if (ended) {
          this.sockets.end(state, ended);
          continue;
        }
        this.sockets.setViewer(state, viewer!);
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
        const answers = await this.access.canAccessMany([...group.values()], room);
        allowed.set(room, new Map(keys.map((k, i) => [k, answers[i]])));
      }),
    );
    for (const state of alive) {
      for (const room of [...state.subs.keys()]) {
        // Only rooms this re-check decided on: a subscription made while it was running was
        // checked by `subscribe` itself (dropping it here lost replays under load).
        if (allowed.get(room)?.get(state.viewer?.id ?? '') === false) this.sockets.leave(state, room, true);
      }
    }
  }
}
