import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Search ranks a bounded tier of the newest matches (src/forum/search): for a common term the
 * planner walks these indexes newest first and stops after the tier, instead of ranking every
 * match. The recency key of a hit is `(created_at, id)` of the thread or reply (immutable, so
 * cursors stay stable).
 */
export class SearchRecencyIndexes1795900000000 implements MigrationInterface {
    name = 'SearchRecencyIndexes1795900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "threads_search_recent_idx" ON "threads" ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "posts_search_recent_idx" ON "posts" ("created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."posts_search_recent_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_search_recent_idx"`);
    }
}
