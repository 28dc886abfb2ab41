import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionHooksService } from '../platform/events/transaction-hooks.service';

/** Whose sockets to re-check: a user's, or those of one login session (refresh-token family). */
export type RevalidationTarget = { userId: string } | { sessionId: string };
type Handler = (target: RevalidationTarget) => Promise<void>;

/**
 * What features call when a user's access changed (membership decided or ended, organization
 * role, platform role, logout, revoked session): that user's sockets are re-checked at once,
 * on every instance. It depends on nothing but the transaction hooks, so users, organizations
 * and auth can inject it although the real-time module imports them.
 */
@Injectable()
export class SocketRevalidationService {
  private readonly logger = new Logger('SocketRevalidation');
  private handler: Handler | null = null;

  constructor(private readonly hooks: TransactionHooksService) {}

  /** Set once by RealtimeService. */
  attach(handler: Handler): void {
    this.handler = handler;
  }

  /**
   * Re-checks the sockets of `userId`: suspended or signed-out sockets are disconnected, rooms
   * the user may no longer see are left. Inside a transaction it happens right after commit and
   * before that transaction's own room events are delivered.
   */
  revalidateUser(userId: string, manager?: EntityManager): Promise<void> {
    return this.revalidate({ userId }, manager);
  }

  /** Same, for the sockets of one login session (after logout or a revoked refresh-token family). */
  revalidateSession(sessionId: string, manager?: EntityManager): Promise<void> {
    return this.revalidate({ sessionId }, manager);
  }

  private async revalidate(target: RevalidationTarget, manager?: EntityManager): Promise<void> {
    const run = async () => {
      try {
        await this.handler?.(target);
      } catch (err) {
        this.logger.warn({ err }, 'socket re-check failed');
      }
    };
    if (manager && this.hooks.inTransaction(manager)) await this.hooks.afterCommit(manager, run);
    else await run();
  }
}
