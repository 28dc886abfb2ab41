import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Topic moderators: `moderator_topics` holds the topics (each with its subtree) an ADMIN limited a
 * MODERATOR to; no rows means an unrestricted moderator. The subtrees are expanded when the viewer
 * is read, so topics created later are covered. Topics referenced here cannot be deleted
 * (RESTRICT): a limited moderator never becomes an unrestricted one by accident. The moderation
 * log gains the action SET_MODERATOR_TOPICS.
 */
export class ModeratorTopics1795800000000 implements MigrationInterface {
    name = 'ModeratorTopics1795800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "moderator_topics" ("user_id" uuid NOT NULL, "topic_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_101646eaa08a11bd567e697416a" PRIMARY KEY ("user_id", "topic_id"))`);
        await queryRunner.query(`CREATE INDEX "moderator_topics_topic_idx" ON "moderator_topics"  ("topic_id") `);
        await queryRunner.query(`ALTER TABLE "moderator_topics" ADD CONSTRAINT "FK_d484980625a7222d6d0439189ff" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "moderator_topics" ADD CONSTRAINT "FK_a887be940ae1fbcecbeba8a285c" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TYPE "public"."moderation_action_kind" ADD VALUE IF NOT EXISTS 'SET_MODERATOR_TOPICS'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // PostgreSQL cannot drop an enum value: SET_MODERATOR_TOPICS stays in moderation_action_kind
        // (the append-only log may already name it).
        await queryRunner.query(`DROP TABLE "moderator_topics"`);
    }
}
