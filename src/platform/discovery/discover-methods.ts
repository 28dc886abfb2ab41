import { DiscoveryService, MetadataScanner } from '@nestjs/core';

export interface DiscoveredMethod<M> {
  /** What the method's decorator stored. */
  metadata: M;
  /** `ClassName.method`, for logs and a stable order. */
  owner: string;
  /** The method, bound to its provider instance. */
  call: (...args: any[]) => unknown;
}

/**
 * Provider methods carrying `key` metadata (set by a method decorator such as
 * `@OnDomainEvent` or `@NodeLoader`), found once at start-up: the declarative way features
 * offer handlers to the platform, without registering closures by hand. Sorted by owner, so
 * the order is stable whatever the module order.
 */
export function discoverMethods<M>(discovery: DiscoveryService, scanner: MetadataScanner, key: symbol): DiscoveredMethod<M>[] {
  const found: DiscoveredMethod<M>[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
    const prototype = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const method = prototype[name] as (...args: any[]) => unknown;
      const metadata: M | undefined = Reflect.getMetadata(key, method);
      if (metadata !== undefined) found.push({ metadata, owner: `${instance.constructor.name}.${name}`, call: method.bind(instance) });
    }
  }
  return found.sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
}
