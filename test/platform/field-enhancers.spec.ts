import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXCEPTION_FILTERS_METADATA, GUARDS_METADATA, INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { RESOLVER_PROPERTY_METADATA } from '@nestjs/graphql/dist/graphql.constants';
import { ACCESS_KEY, AccessRequirement } from '../../src/access/access.decorators';

/** Every resolver class of src (files named *.resolver.ts). */
type ResolverClass = abstract new (...args: never[]) => unknown;

async function resolverClasses(): Promise<ResolverClass[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.resolver.ts')) files.push(join(dir, entry.name));
    }
  };
  walk(join(__dirname, '..', '..', 'src'));
  const classes: ResolverClass[] = [];
  for (const file of files) {
    for (const exported of Object.values((await import(file)) as Record<string, unknown>)) {
      if (typeof exported === 'function' && exported.prototype) classes.push(exported as ResolverClass);
    }
  }
  return classes;
}

/**
 * Field resolvers (@ResolveField) run without Nest's guard, interceptor and filter pipeline
 * (graphql-options.ts: fieldResolverEnhancers is empty; it cost ~40 µs per resolved field). That
 * is only equivalent while no field resolver needs the pipeline: none declares an access
 * requirement other than public (on itself or its class: the global AccessGuard would enforce
 * it), a guard, an interceptor or an exception filter. Root operations keep the full pipeline.
 */
describe('field resolvers need no guard, interceptor or filter', () => {
  it('no @ResolveField (nor its class) declares an access requirement, guard, interceptor or filter', async () => {
    const fields: string[] = [];
    const offending: string[] = [];
    for (const cls of await resolverClasses()) {
      for (const key of Object.getOwnPropertyNames(cls.prototype)) {
        const method = (cls.prototype as Record<string, unknown>)[key];
        if (key === 'constructor' || typeof method !== 'function') continue;
        // set by @ResolveField only (root operations carry @Query/@Mutation/@Subscription metadata instead)
        if (Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, method) !== true) continue;
        const name = `${cls.name}.${key}`;
        fields.push(name);
        const access = (Reflect.getMetadata(ACCESS_KEY, method) ?? Reflect.getMetadata(ACCESS_KEY, cls)) as AccessRequirement | undefined;
        if (access && access.kind !== 'public') offending.push(`${name}: access ${access.kind}`);
        for (const [what, metadataKey] of [
          ['guards', GUARDS_METADATA],
          ['interceptors', INTERCEPTORS_METADATA],
          ['filters', EXCEPTION_FILTERS_METADATA],
        ]) {
          const declared = [...((Reflect.getMetadata(metadataKey, method) as unknown[]) ?? []), ...((Reflect.getMetadata(metadataKey, cls) as unknown[]) ?? [])];
          if (declared.length) offending.push(`${name}: ${what}`);
        }
      }
    }
    // the scan sees the field resolvers (a renamed metadata key would otherwise pass silently)
    expect(fields).toEqual(expect.arrayContaining(['ThreadsResolver.author', 'PostsResolver.author', 'ThreadsResolver.topic']));
    expect(fields.length).toBeGreaterThan(40);
    expect(offending).toEqual([]);
  });
});
