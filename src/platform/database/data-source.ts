/**
 * The DataSource used by the TypeORM CLI (`npm run migration:run|revert|generate`).
 * It needs DATABASE_URL; entities are found by file name under src/.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL must be set for the migration commands (the embedded database runs inside the service).');
}

export default new DataSource({
  ...typeormOptions(url, 2),
  entities: [join(__dirname, '..', '..', '**', '*.entity.{ts,js}')],
});
