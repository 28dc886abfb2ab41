import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteTemplate, pgliteTemplate, seedDataDirFromTemplate } from './embedded-postgres-template';

describe('PGlite data directory template', () => {
  let root: string;
  let template: PgliteTemplate;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pglite-template-'));
    template = { dir: join(root, 'template', 'pgdata'), tar: join(root, 'template', 'pgdata.tar') };
    mkdirSync(join(template.dir, 'base', '1'), { recursive: true });
    writeFileSync(join(template.dir, 'PG_VERSION'), '17\n');
    writeFileSync(join(template.dir, 'base', '1', 'file'), 'data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('copies the template into a missing or empty data directory, and nothing else is left beside it', () => {
    const missing = join(root, 'data', 'pg');
    expect(seedDataDirFromTemplate(missing, template)).toBe(true);
    expect(readFileSync(join(missing, 'base', '1', 'file'), 'utf8')).toBe('data');
    expect(readdirSync(join(root, 'data'))).toEqual(['pg']);

    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(seedDataDirFromTemplate(empty, template)).toBe(true);
    expect(readFileSync(join(empty, 'PG_VERSION'), 'utf8')).toBe('17\n');
  });

  it('never touches a data directory that holds anything', () => {
    const used = join(root, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'postmaster.pid'), 'x');
    expect(seedDataDirFromTemplate(used, template)).toBe(false);
    expect(readdirSync(used)).toEqual(['postmaster.pid']);
  });

  it('does nothing without a complete template (PGlite then runs initdb)', () => {
    rmSync(join(template.dir, 'PG_VERSION'));
    const dir = join(root, 'fresh');
    expect(seedDataDirFromTemplate(dir, template)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('falls back (PGlite then runs initdb) when the copy fails, leaving nothing behind', () => {
    const blocked = join(root, 'file-not-dir');
    writeFileSync(blocked, 'x');
    // the data directory's parent is a file: the copy cannot be made
    expect(seedDataDirFromTemplate(join(blocked, 'pg'), template)).toBe(false);
    expect(readdirSync(root).sort()).toEqual(['file-not-dir', 'template']);
  });

  it('is kept per installed PGlite version', () => {
    expect(pgliteTemplate().dir).toMatch(/node_modules[/\\]\.cache[/\\]asgm-exchange[/\\]pglite-\d+\.\d+\.\d+[/\\]pgdata$/);
  });
});
