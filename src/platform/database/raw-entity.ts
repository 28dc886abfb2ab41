import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * For hand-written statements that return whole rows (`INSERT … RETURNING`, data-modifying CTEs)
 * instead of reading them again: the column list an entity loads by default, and the entity
 * built from such a row exactly as TypeORM hydrates a `find` (same columns, same value
 * conversions).
 */

/** The columns `find` loads for `entity` (not those declared `select: false`), comma-separated, qualified with `alias` when given. */
export function entityColumns(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, alias?: string): string {
  return manager.connection
    .getMetadata(entity)
    .columns.filter((c) => c.isSelect)
    .map((c) => (alias ? `${alias}.${c.databaseName}` : c.databaseName))
    .join(', ');
}

/**
 * The entity of a raw row holding (at least) the columns of `entityColumns`, by their database
 * names (each after `prefix`, when a row holds the columns of several entities).
 */
export function entityFromRow<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, row: Record<string, unknown>, prefix = ''): E {
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const result = metadata.create() as E;
  for (const { column, key } of selectedColumns(metadata, prefix)) {
    if (!(key in row)) continue;
    column.setEntityValue(result, driver.prepareHydratedValue(row[key], column));
  }
  return result;
}

/** The selected columns of an entity with their keys in a row (after `prefix`): worked out once per entity and prefix (pages hydrate many rows). */
const plans = new WeakMap<EntityMetadata, Map<string, { column: ColumnMetadata; key: string }[]>>();

function selectedColumns(metadata: EntityMetadata, prefix: string): { column: ColumnMetadata; key: string }[] {
  let byPrefix = plans.get(metadata);
  if (!byPrefix) plans.set(metadata, (byPrefix = new Map()));
  let plan = byPrefix.get(prefix);
  if (!plan) byPrefix.set(prefix, (plan = metadata.columns.filter((c) => c.isSelect).map((column) => ({ column, key: prefix + column.databaseName }))));
  return plan;
}
