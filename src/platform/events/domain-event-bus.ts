import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import type { DomainEventName, DomainEventPhase, DomainEvents } from './domain-events';
import { DOMAIN_EVENT_HANDLERS, HandlerDeclaration } from './on-domain-event.decorator';
import { TransactionHooksService } from './transaction-hooks.service';
import { discoverMethods } from '../discovery/discover-methods';

type Handler = (event: unknown, manager: EntityManager | undefined) => unknown;

interface Registered {
  phase: DomainEventPhase;
  owner: string;
  run: Handler;
}

/**
 * The one way a feature tells others that something happened. `emit` is called by the
 * service that made the change, with the change's EntityManager:
 * - handlers of phase `transaction` run at once, one after another in a stable order, inside
 *   that transaction (their writes commit or roll back with the change);
 * - handlers of phase `afterCommit` run once the outermost transaction has committed, in
 *   order, and are dropped on rollback (outside a transaction they run at once).
 *
 * Handlers are methods declared with `@OnDomainEvent(name)` on any provider; they are found
 * once at start-up. No feature registers callbacks by hand.
 */
@Injectable()
export class DomainEventBus implements OnModuleInit {
  private readonly logger = new Logger('DomainEvents');
  private readonly handlers = new Map<DomainEventName, Registered[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly hooks: TransactionHooksService,
  ) {}

  onModuleInit(): void {
    for (const found of discoverMethods<HandlerDeclaration[]>(this.discovery, this.scanner, DOMAIN_EVENT_HANDLERS)) {
      for (const d of found.metadata) {
        const list = this.handlers.get(d.name) ?? [];
        list.push({ phase: d.phase, owner: found.owner, run: (event, manager) => found.call(event, manager) });
        this.handlers.set(d.name, list);
      }
    }
  }

  /** Handlers of `name`, for tests and the architecture docs. */
  handlersOf(name: DomainEventName): { phase: DomainEventPhase; owner: string }[] {
    return (this.handlers.get(name) ?? []).map(({ phase, owner }) => ({ phase, owner }));
  }

  async emit<K extends DomainEventName>(manager: EntityManager, name: K, event: DomainEvents[K]): Promise<void> {
    const list = this.handlers.get(name);
    if (!list) return;
    for (const handler of list) {
      if (handler.phase === 'transaction') await handler.run(event, manager);
    }
    for (const handler of list) {
      if (handler.phase === 'afterCommit') {
        await this.hooks.afterCommit(manager, async () => {
          try {
            await handler.run(event, undefined);
          } catch (err) {
            this.logger.warn({ err, event: name, handler: handler.owner }, 'after-commit handler failed');
          }
        });
      }
    }
  }
}
