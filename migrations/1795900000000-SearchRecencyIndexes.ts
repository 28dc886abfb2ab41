import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Search ranks a bounded tier of recent matches (src/forum/search): the window of the newest posts
 * expected to hold about 100 matches, read from these indexes (its start, index-only, and its
 * rows, AND-ed with the GIN index's), instead of ranking every match. The recency key of a hit is
 * `(created_at, id)` of the thread or reply (immutable, so cursors stay stable).
 *
 * `forum_search_serial()` (true, PARALLEL UNSAFE) in a search statement keeps the planner from
 * parallel plans for it: every search is short and many run at once, so starting worker processes
 * costs more than it saves (a Parallel Append over the tier's few rows waited 150–400 ms for its
 * workers on a busy 2-core machine; the table-level `parallel_workers = 0` does not prevent that).
 */
export class SearchRecencyIndexes1795900000000 implements MigrationInterface {
    name = 'SearchRecencyIndexes1795900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "threads_search_recent_idx" ON "threads" ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "posts_search_recent_idx" ON "posts" ("created_at", "id") `);
        await queryRunner.query(`CREATE FUNCTION forum_search_serial() RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL UNSAFE AS 'SELECT true'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION forum_search_serial()`);
        await queryRunner.query(`DROP INDEX "public"."posts_search_recent_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_search_recent_idx"`);
    }
}
