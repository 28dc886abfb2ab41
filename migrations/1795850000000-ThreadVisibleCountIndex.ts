import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `threads.totalCount` and `Topic.threadCount` count what a viewer may see
 * (`AccessPolicy.contentPredicate`): a scan of every thread row (about 70 ms at 100,000 threads).
 * This partial covering index holds exactly the columns of that predicate for the threads that
 * are not hidden, so the count of anonymous readers and members is an index-only scan of a few
 * MB (staff counts, hidden threads included, keep using the table or the primary key).
 * `synchronize: false` on the entity: TypeORM cannot express INCLUDE.
 */
export class ThreadVisibleCountIndex1795850000000 implements MigrationInterface {
    name = 'ThreadVisibleCountIndex1795850000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "threads_visible_count_idx" ON "threads" ("visibility_scope", "topic_id") INCLUDE ("author_id", "visibility_sectors") WHERE NOT "hidden"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."threads_visible_count_idx"`);
    }
}
