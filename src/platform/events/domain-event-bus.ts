import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import type { DomainEventName, DomainEventPhase, DomainEvents } from './domain-events';
import { DOMAIN_EVENT_HANDLERS, HandlerDeclaration } from './on-domain-event.decorator';
import { TransactionHooksService } from './transaction-hooks.service';

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
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const key of this.scanner.getAllMethodNames(prototype)) {
        const method = prototype[key];
        const declared: HandlerDeclaration[] | undefined = Reflect.getMetadata(DOMAIN_EVENT_HANDLERS, method);
        for (const d of declared ?? []) {
          const list = this.handlers.get(d.name) ?? [];
          list.push({ phase: d.phase, owner: `${instance.constructor.name}.${key}`, run: (event, manager) => (method as Handler).call(instance, event, manager) });
          this.handlers.set(d.name, list);
        }
      }
    }
    // A stable order, whatever the module order: by owner name.
    for (const list of this.handlers.values()) list.sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
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
