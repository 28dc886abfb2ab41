/** Files a run keeps in the repository (captured SQL, generated pgbench scripts): written only when their content changed. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './proc.mjs';

/** Writes `content` to `relative` (under the repository); true when the file changed. */
export function keepFile(relative, content) {
  const file = join(ROOT, relative);
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return true;
}

/** Recorded statements as a readable SQL file: one block per statement, `$n` parameters as sent. */
export function statementsFile(title, statements) {
  const body = statements.map((s, i) => `-- ${i + 1}\n${s.text.trim().replace(/[ \t]+$/gm, '')};`).join('\n\n');
  return `-- ${title}\n-- Recorded from the running service by the bench (bench/probe/sql-probe.cjs); rewritten when it changes.\n\n${body}\n`;
}
