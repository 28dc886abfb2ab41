import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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
  for (const column of metadata.columns) {
    const key = prefix + column.databaseName;
    if (!column.isSelect || !(key in row)) continue;
    column.setEntityValue(result, driver.prepareHydratedValue(row[key], column));
  }
  return result;
}
