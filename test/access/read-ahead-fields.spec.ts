import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIELD_RESOLVER_MIDDLEWARE_METADATA } from '@nestjs/graphql/dist/graphql.constants';
import { ACCESS_KEY } from '../../src/access/access.decorators';
import { answerReadAhead } from '../../src/platform/graphql/read-ahead';

/**
 * A field answered from read-ahead values skips its resolver's guard: that is only equivalent when
 * the resolver (and its class) declares no access requirement, which the global guard would
 * otherwise enforce on the field.
 */
describe('read-ahead fields and the access guard', () => {
  it('answerReadAhead is only declared on field resolvers without an access requirement', async () => {
    const srcRoot = join(__dirname, '..', '..', 'src');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.resolver.ts')) files.push(join(dir, entry.name));
      }
    };
    walk(srcRoot);
    const answered: string[] = [];
    for (const file of files) {
      for (const exported of Object.values((await import(file)) as Record<string, unknown>)) {
        if (typeof exported !== 'function' || !exported.prototype) continue;
        for (const key of Object.getOwnPropertyNames(exported.prototype)) {
          const method = (exported.prototype as Record<string, unknown>)[key];
          if (typeof method !== 'function') continue;
          const middleware: unknown[] = Reflect.getMetadata(FIELD_RESOLVER_MIDDLEWARE_METADATA, method) ?? [];
          if (!middleware.includes(answerReadAhead)) continue;
          answered.push(`${exported.name}.${key}`);
          expect([`${exported.name}.${key}`, Reflect.getMetadata(ACCESS_KEY, method)]).toEqual([`${exported.name}.${key}`, undefined]);
          expect([exported.name, Reflect.getMetadata(ACCESS_KEY, exported)]).toEqual([exported.name, undefined]);
        }
      }
    }
    expect(answered.sort()).toEqual([
      'PostsResolver.author',
      'PostsResolver.viewerVote',
      'SearchResolver.post',
      'SearchResolver.thread',
      'ThreadsResolver.author',
      'ThreadsResolver.postCount',
      'ThreadsResolver.topic',
      'UserOrganizationResolver.organization',
      'UserOrganizationResolver.sector',
    ]);
  });
});
