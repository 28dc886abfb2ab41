import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('schema.graphql passes graphql-schema-linter with all its rules', () => {
  it('has no lint error (descriptions everywhere, Relay connections and PageInfo, naming, sorting)', () => {
    let output = '';
    let failed = false;
    try {
      output = execFileSync(process.execPath, [require.resolve('graphql-schema-linter/lib/cli.js'), '--format', 'compact', join(ROOT, 'schema.graphql')], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    } catch (err) {
      failed = true;
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output.split('\n').filter((l) => /error|warning/i.test(l))).toEqual([]);
    expect(failed).toBe(false);
  });
});
