import { MigrationInterface, QueryRunner } from "typeorm";

/** The generated search document of a profile (the same string as EXPERT_SEARCH_EXPRESSION in src/experts/expert-profile.entity.ts). */
const EXPERT_SEARCH = "setweight(to_tsvector(forum_ts_config(language), coalesce(display_name, '')), 'A') || setweight(to_tsvector(forum_ts_config(language), coalesce(headline, '')), 'B') || setweight(to_tsvector(forum_ts_config(language), coalesce(bio, '')), 'C')";

/**
 * The expert network: profiles (with their expertise topics and a generated, language-aware
 * search document over name, headline and bio), reputation counters per user, asks (the durable
 * rows behind the ask limits and responsiveness), and the EXPERT_REVIEW notification type.
 * `expert_profiles.display_name` copies `users.display_name` for the search document; a trigger
 * keeps it in step if a user's name ever changes.
 */
export class ExpertNetwork1795770000000 implements MigrationInterface {
    name = 'ExpertNetwork1795770000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "expert_asks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "expert_id" uuid NOT NULL, "asker_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "first_reply_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_675cd0d1bf47efc8de83cdc139f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "expert_asks_expert_created_idx" ON "expert_asks"  ("expert_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "expert_asks_asker_created_idx" ON "expert_asks"  ("asker_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "expert_asks_thread_created_idx" ON "expert_asks"  ("thread_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "expert_asks_thread_expert_key" ON "expert_asks"  ("thread_id", "expert_id") `);
        await queryRunner.query(`CREATE TYPE "public"."expert_status" AS ENUM('PENDING', 'VERIFIED', 'REJECTED')`);
        // TypeORM compares generated columns with the expressions recorded here (schema drift check).
        await queryRunner.query(
            `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), 'expert_profiles', 'GENERATED_COLUMN', 'search_vector', $1)`,
            [EXPERT_SEARCH],
        );
        await queryRunner.query(`CREATE TABLE "expert_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "headline" text NOT NULL, "bio" text NOT NULL, "bio_html" text NOT NULL, "language" text NOT NULL DEFAULT 'en', "display_name" text NOT NULL, "countries" text array NOT NULL DEFAULT '{}', "languages" text array NOT NULL DEFAULT '{}', "status" "public"."expert_status" NOT NULL DEFAULT 'PENDING', "available_for_questions" boolean NOT NULL DEFAULT true, "review_note" text, "reviewed_by_id" uuid, "reviewed_at" TIMESTAMP(3) WITH TIME ZONE, "verified_at" TIMESTAMP(3) WITH TIME ZONE, "submitted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "search_vector" tsvector GENERATED ALWAYS AS (${EXPERT_SEARCH}) STORED, CONSTRAINT "PK_eaea6cc660ab80e349dc43400be" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "expert_profiles_search_idx" ON "expert_profiles" USING gin ("search_vector") `);
        await queryRunner.query(`CREATE INDEX "expert_profiles_countries_idx" ON "expert_profiles" USING gin ("countries") `);
        await queryRunner.query(`CREATE INDEX "expert_profiles_status_queue_idx" ON "expert_profiles"  ("status", "submitted_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "expert_profiles_user_key" ON "expert_profiles"  ("user_id") `);
        await queryRunner.query(`CREATE TABLE "expert_topics" ("profile_id" uuid NOT NULL, "topic_id" uuid NOT NULL, "position" smallint NOT NULL DEFAULT '0', CONSTRAINT "PK_3112a934dc647114db1e74905ab" PRIMARY KEY ("profile_id", "topic_id"))`);
        await queryRunner.query(`CREATE INDEX "expert_topics_topic_idx" ON "expert_topics"  ("topic_id") `);
        await queryRunner.query(`CREATE TABLE "user_reputation" ("user_id" uuid NOT NULL, "reputation" integer NOT NULL DEFAULT '0', "answer_count" integer NOT NULL DEFAULT '0', "accepted_answer_count" integer NOT NULL DEFAULT '0', "last_answered_at" TIMESTAMP(3) WITH TIME ZONE, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e13bacdd3eb371e7218dde63a3e" PRIMARY KEY ("user_id"))`);
        // A new value is usable once this migration's transaction commits (nothing here uses it).
        await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE IF NOT EXISTS 'EXPERT_REVIEW'`);
        await queryRunner.query(`ALTER TABLE "expert_asks" ADD CONSTRAINT "FK_e4e0c11aced7a63a390e90b1c9c" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "expert_asks" ADD CONSTRAINT "FK_ba8e49b337e2caf78ec0fcf6181" FOREIGN KEY ("expert_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "expert_asks" ADD CONSTRAINT "FK_adb395b2f7f9ee9f98bdcb76ce0" FOREIGN KEY ("asker_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "expert_profiles" ADD CONSTRAINT "FK_e437981050141c92a9bd753a0d3" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "expert_profiles" ADD CONSTRAINT "FK_cc2406177c85c66b75b917e29d3" FOREIGN KEY ("reviewed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "expert_topics" ADD CONSTRAINT "FK_9164780f3eecd837b1474d30ceb" FOREIGN KEY ("profile_id") REFERENCES "expert_profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "expert_topics" ADD CONSTRAINT "FK_3da8a4f52fe36fcb3359519582a" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "user_reputation" ADD CONSTRAINT "FK_e13bacdd3eb371e7218dde63a3e" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Reputation from the answers written before this migration (the same rules as the live
        // counters: +10 per upvote, -2 per downvote, +15 per answer accepted by someone else).
        await queryRunner.query(`INSERT INTO user_reputation (user_id, reputation, answer_count, accepted_answer_count, last_answered_at)
            SELECT p.author_id,
                   sum((SELECT coalesce(sum(CASE WHEN v.value > 0 THEN 10 ELSE -2 END), 0) FROM post_votes v WHERE v.post_id = p.id)
                       + CASE WHEN t.accepted_post_id = p.id AND p.author_id <> t.author_id THEN 15 ELSE 0 END)::int,
                   count(*)::int,
                   (count(*) FILTER (WHERE t.accepted_post_id = p.id AND p.author_id <> t.author_id))::int,
                   max(p.created_at)
              FROM posts p JOIN threads t ON t.id = p.thread_id
             WHERE t.kind = 'QUESTION' AND NOT p.deleted
             GROUP BY p.author_id`);
        // The profile's copy of the user's name follows users.display_name.
        await queryRunner.query(`CREATE FUNCTION expert_profiles_follow_display_name() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE expert_profiles SET display_name = NEW.display_name WHERE user_id = NEW.id;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER users_display_name_to_expert_profiles AFTER UPDATE OF display_name ON users
            FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name) EXECUTE FUNCTION expert_profiles_follow_display_name()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER users_display_name_to_expert_profiles ON users`);
        await queryRunner.query(`DROP FUNCTION expert_profiles_follow_display_name()`);
        await queryRunner.query(`ALTER TABLE "user_reputation" DROP CONSTRAINT "FK_e13bacdd3eb371e7218dde63a3e"`);
        await queryRunner.query(`ALTER TABLE "expert_topics" DROP CONSTRAINT "FK_3da8a4f52fe36fcb3359519582a"`);
        await queryRunner.query(`ALTER TABLE "expert_topics" DROP CONSTRAINT "FK_9164780f3eecd837b1474d30ceb"`);
        await queryRunner.query(`ALTER TABLE "expert_profiles" DROP CONSTRAINT "FK_cc2406177c85c66b75b917e29d3"`);
        await queryRunner.query(`ALTER TABLE "expert_profiles" DROP CONSTRAINT "FK_e437981050141c92a9bd753a0d3"`);
        await queryRunner.query(`ALTER TABLE "expert_asks" DROP CONSTRAINT "FK_adb395b2f7f9ee9f98bdcb76ce0"`);
        await queryRunner.query(`ALTER TABLE "expert_asks" DROP CONSTRAINT "FK_ba8e49b337e2caf78ec0fcf6181"`);
        await queryRunner.query(`ALTER TABLE "expert_asks" DROP CONSTRAINT "FK_e4e0c11aced7a63a390e90b1c9c"`);
        // PostgreSQL cannot drop an enum value: the type is rebuilt without it (its notifications go first).
        await queryRunner.query(`DELETE FROM "notifications" WHERE "type" = 'EXPERT_REVIEW'`);
        await queryRunner.query(`DROP INDEX "public"."notifications_once_per_post"`);
        await queryRunner.query(`CREATE TYPE "public"."notification_type_old" AS ENUM('REPLY', 'MENTION', 'ANSWER_ACCEPTED', 'EXPERT_REQUEST', 'SESSION_STARTING', 'MEMBERSHIP', 'MODERATION')`);
        await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "type" TYPE "public"."notification_type_old" USING "type"::"text"::"public"."notification_type_old"`);
        await queryRunner.query(`DROP TYPE "public"."notification_type"`);
        await queryRunner.query(`ALTER TYPE "public"."notification_type_old" RENAME TO "notification_type"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "notifications_once_per_post" ON "notifications"  ("recipient_id", "type", "post_id") WHERE type IN ('REPLY', 'MENTION', 'ANSWER_ACCEPTED') AND post_id IS NOT NULL`);
        await queryRunner.query(`DROP TABLE "user_reputation"`);
        await queryRunner.query(`DROP INDEX "public"."expert_topics_topic_idx"`);
        await queryRunner.query(`DROP TABLE "expert_topics"`);
        await queryRunner.query(`DROP INDEX "public"."expert_profiles_user_key"`);
        await queryRunner.query(`DROP INDEX "public"."expert_profiles_status_queue_idx"`);
        await queryRunner.query(`DROP INDEX "public"."expert_profiles_countries_idx"`);
        await queryRunner.query(`DROP INDEX "public"."expert_profiles_search_idx"`);
        await queryRunner.query(`DROP TABLE "expert_profiles"`);
        await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search_vector' AND "database" = current_database() AND "schema" = current_schema() AND "table" = 'expert_profiles'`);
        await queryRunner.query(`DROP TYPE "public"."expert_status"`);
        await queryRunner.query(`DROP INDEX "public"."expert_asks_thread_expert_key"`);
        await queryRunner.query(`DROP INDEX "public"."expert_asks_thread_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."expert_asks_asker_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."expert_asks_expert_created_idx"`);
        await queryRunner.query(`DROP TABLE "expert_asks"`);
    }

}
