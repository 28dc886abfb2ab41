import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The GraphQL documents of README's "Sample GraphQL session", by operation name, in order. */
export function readmeOperations(): Map<string, string> {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## Sample GraphQL session');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const ops = new Map<string, string>();
  for (const m of section.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const name = /^(?:query|mutation)\s+(\w+)/m.exec(m[1])?.[1];
    if (name) ops.set(name, m[1]);
  }
  return ops;
}
