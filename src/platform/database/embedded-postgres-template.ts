import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A freshly initialised PGlite cluster, kept once per PGlite version, that a first start copies
 * instead of running initdb (initdb in WASM costs seconds of CPU; copying the ~40 MB directory a
 * fraction of one). `npm run build` prepares it (this file run as a script); without it, PGlite
 * runs initdb as before. Kept beside the installed packages, in node_modules/.cache, since it
 * belongs to the installed PGlite. A template is only ever copied into an empty directory.
 *
 * - `dir`: the cluster's data directory (copied into an empty DATA_DIR/pg);
 * - `tar`: the same as PGlite's dumpDataDir tarball (loaded by in-memory databases: tests).
 */
export interface PgliteTemplate {
  dir: string;
  tar: string;
}

/** The installed PGlite's package directory (its package.json is not exported). */
function pgliteRoot(): string {
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** Where the template of the installed PGlite version lives (it may not exist). */
export function pgliteTemplate(): PgliteTemplate {
  const root = pgliteRoot();
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  // root is <node_modules>/@electric-sql/pglite
  const base = join(root, '..', '..', '.cache', 'asgm-exchange', `pglite-${version}`);
  return { dir: join(base, 'pgdata'), tar: join(base, 'pgdata.tar') };
}

/** Whether `dir` is missing or holds nothing. */
function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * Fills an empty (or missing) data directory from the template, when one is ready; returns
 * whether it did. The copy goes to a sibling directory renamed into place, so an interrupted
 * copy never leaves a half cluster where PGlite would open it.
 */
export function seedDataDirFromTemplate(dataDir: string, template = pgliteTemplate()): boolean {
  if (!isEmptyDir(dataDir) || !existsSync(join(template.dir, 'PG_VERSION'))) return false;
  const staging = `${dataDir}.template-${process.pid}`;
  try {
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(dirname(dataDir), { recursive: true });
    cpSync(template.dir, staging, { recursive: true });
    if (existsSync(dataDir)) rmdirSync(dataDir);
    renameSync(staging, dataDir);
    return true;
  } catch {
    // an unreadable template or a full disk: PGlite runs initdb instead, as without a template
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // nothing was copied
    }
    return false;
  }
}

/** The template's tarball, for an in-memory database (PGlite's `loadDataDir`), when ready. */
export function templateTarball(template = pgliteTemplate()): Blob | undefined {
  return existsSync(template.tar) ? new Blob([readFileSync(template.tar)]) : undefined;
}

/**
 * Prepares the template unless it exists: initdb in a staging directory, the tarball dumped
 * from it, the directory closed cleanly and renamed into place (a concurrent preparation that
 * finished first wins; this one's staging directory is removed).
 */
export async function prepareTemplate(template = pgliteTemplate()): Promise<'ready' | 'prepared'> {
  if (existsSync(join(template.dir, 'PG_VERSION')) && existsSync(template.tar)) return 'ready';
  const { PGlite } = await import('@electric-sql/pglite');
  const staging = `${template.dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const db = await PGlite.create(staging);
    const tarball = await db.dumpDataDir('none');
    await db.close();
    writeFileSync(`${template.tar}.${process.pid}`, Buffer.from(await tarball.arrayBuffer()));
    rmSync(template.dir, { recursive: true, force: true });
    renameSync(staging, template.dir);
    renameSync(`${template.tar}.${process.pid}`, template.tar);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(`${template.tar}.${process.pid}`, { force: true });
  }
  return 'prepared';
}

if (require.main === module) {
  // `npm run build` runs this; a failure only means starts run initdb, so it never fails the build
  prepareTemplate()
    .then((state) => process.stdout.write(`PGlite template ${state}: ${pgliteTemplate().dir}\n`))
    .catch((err: unknown) => process.stderr.write(`PGlite template not prepared (first starts will run initdb): ${String(err)}\n`));
}
