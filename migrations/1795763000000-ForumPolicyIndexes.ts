import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forum review fixes: indexes for the NEWEST and TOP orders with a kind filter and for
 * threads.last_poster_id (FK); Topic.threadCount is now counted at read time through the access
 * policy, so the per-audience counters table goes.
 */
export class ForumPolicyIndexes1795763000000 implements MigrationInterface {
    name = 'ForumPolicyIndexes1795763000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "threads_kind_newest_idx" ON "threads" ("kind", "pinned", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "threads_kind_top_idx" ON "threads" ("kind", "pinned", "score", "last_activity_at", "id") `);
        await queryRunner.query(`CREATE INDEX "threads_last_poster_idx" ON "threads" ("last_poster_id") `);
        await queryRunner.query(`ALTER TABLE "topic_thread_counts" DROP CONSTRAINT "FK_89edffbb4d252bd3a49af9985b3"`);
        await queryRunner.query(`DROP TABLE "topic_thread_counts"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "topic_thread_counts" ("topic_id" uuid NOT NULL, "audience" text NOT NULL, "thread_count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_5253294440cef466fce59970b6e" PRIMARY KEY ("topic_id", "audience"))`);
        await queryRunner.query(`ALTER TABLE "topic_thread_counts" ADD CONSTRAINT "FK_89edffbb4d252bd3a49af9985b3" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`DROP INDEX "public"."threads_last_poster_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_kind_top_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_kind_newest_idx"`);
    }
}
