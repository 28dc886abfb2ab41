import { Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { discoverMethods } from '../discovery/discover-methods';
import type { LoaderRegistry } from './loaders';
import type { Node } from './node.interface';

const NODE_LOADER = Symbol('asgm:node-loader');

/**
 * How a type that implements Node is read by id for `node(id:)`: a checked, batched loader
 * (`(loaders, viewer, id) => object | null`) that applies the same access rule as the lists
 * showing that type. Declared on the feature's own provider, found at start-up; nothing
 * imports the feature for it.
 */
export type NodeLoaderFn = (loaders: LoaderRegistry, viewer: any, id: string) => Promise<Node | null>;

export function NodeLoader(typeName: string) {
  return <F extends (loaders: LoaderRegistry, viewer: any, id: string) => Promise<Node | null>>(_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
    Reflect.defineMetadata(NODE_LOADER, typeName, descriptor.value as object);
  };
}

/**
 * `node(id)`: every declared loader is asked (each batched once per request, whatever the
 * number of ids); ids are UUIDs, unique across types, so at most one answers. What the viewer
 * may not see is null, exactly as in lists.
 */
@Injectable()
export class NodeLoaders implements OnModuleInit {
  private readonly loaders: { typeName: string; load: NodeLoaderFn }[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    for (const found of discoverMethods<string>(this.discovery, this.scanner, NODE_LOADER)) {
      this.loaders.push({ typeName: found.metadata, load: found.call as NodeLoaderFn });
    }
  }

  /** Type names that can be read by id (for docs and tests). */
  typeNames(): string[] {
    return this.loaders.map((l) => l.typeName);
  }

  async load(loaders: LoaderRegistry, viewer: unknown, id: string): Promise<Node | null> {
    const found = await Promise.all(this.loaders.map((l) => l.load(loaders, viewer, id)));
    return found.find((n) => n !== null && n !== undefined) ?? null;
  }
}

/** Platform: global, so that the node resolver can read every type without importing features. */
@Global()
@Module({ imports: [DiscoveryModule], providers: [NodeLoaders], exports: [NodeLoaders] })
export class NodeLoadersModule {}
