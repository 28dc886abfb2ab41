import type { DomainEventHandler, DomainEventName, DomainEventPhase } from './domain-events';

export const DOMAIN_EVENT_HANDLERS = Symbol('asgm:domain-event-handlers');

export interface HandlerDeclaration {
  name: DomainEventName;
  phase: DomainEventPhase;
}

/**
 * Declares a provider method as a handler of a domain event. The method's parameter is typed
 * from the event map, so a handler cannot take the wrong payload:
 *
 * ```ts
 * @OnDomainEvent('post.created')
 * async onPostCreated(event: PostCreatedEvent, manager: EntityManager) { ... }
 * ```
 * Default phase: `transaction` (see DomainEventPhase). After-commit handlers get no manager.
 */
export function OnDomainEvent<K extends DomainEventName>(name: K, options: { phase?: DomainEventPhase } = {}) {
  return <H extends DomainEventHandler<K>>(_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<H>): void => {
    const method = descriptor.value as object;
    const declared: HandlerDeclaration[] = Reflect.getMetadata(DOMAIN_EVENT_HANDLERS, method) ?? [];
    Reflect.defineMetadata(DOMAIN_EVENT_HANDLERS, [...declared, { name, phase: options.phase ?? 'transaction' }], method);
  };
}
