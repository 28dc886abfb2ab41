import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import type { DomainError } from '../errors/domain-errors';

/**
 * Per-request DataLoaders. A registry lives in each GraphQL context; services name a loader
 * and give its batch function, and every field resolver of that request shares it.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>, options?: DataLoader.Options<K, V, string>): DataLoader<K, V, string> {
    let loader = this.loaders.get(name) as DataLoader<K, V, string> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, string>(batch, { maxBatchSize: 500, ...options });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders batch results by key: `byKey(keys, rows, r => r.id)`; missing keys give `fallback`. */
export function byKey<K, V, F = null>(keys: readonly K[], rows: V[], keyOf: (row: V) => K, fallback: F = null as F): (V | F)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? fallback);
}

/** Groups batch results by key: for one-to-many loaders. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

export interface GraphQLContext {
  req: {
    viewer?: unknown;
    /** Set by the viewer middleware when the Authorization header was refused; raised as the request's error. */
    viewerError?: DomainError | null;
    headers: Record<string, string | string[] | undefined>;
    ip?: string;
    id?: unknown;
  };
  loaders: LoaderRegistry;
}

/** Resolver parameter: this request's LoaderRegistry. */
export const Loaders = createParamDecorator((_data: unknown, context: ExecutionContext) => GqlExecutionContext.create(context).getContext<GraphQLContext>().loaders);
