import type { EntityManager } from 'typeorm';

/**
 * The typed map of domain events: event name → payload. Each feature declares the events it
 * emits in its own `*.events.ts` file by augmenting this interface, so that the map is one
 * type while every payload type stays on the floor of the feature that owns it:
 *
 * ```ts
 * declare module '../../platform/events/domain-events' {
 *   interface DomainEvents { 'post.created': PostCreatedEvent }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type DomainEventName = keyof DomainEvents;

/**
 * When a handler runs:
 * - `transaction`: inside the transaction of the change, with its EntityManager, before
 *   `emit` returns; a failure rolls the change back (notifications, outbox rows, counters).
 * - `afterCommit`: once the transaction has committed (never on rollback), without a manager;
 *   a failure is logged and never undoes the change (socket re-checks, instant mail).
 */
export type DomainEventPhase = 'transaction' | 'afterCommit';

export type DomainEventHandler<K extends DomainEventName> = (event: DomainEvents[K], manager: EntityManager) => unknown;
