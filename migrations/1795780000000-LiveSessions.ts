import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Live sessions: sessions with hosts, RSVPs (counter on the session), chat participants (mute,
 * slow mode), chat messages (room seq, idempotency key), the question queue with one upvote per
 * user, the reminder marker claimed by the scheduler, and the SESSION_CANCELLED / SESSION_ENDED
 * notification types.
 */

export class LiveSessions1795780000000 implements MigrationInterface {
    name = 'LiveSessions1795780000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."live_session_status" AS ENUM('SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED')`);
        await queryRunner.query(`CREATE TABLE "live_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "description" text NOT NULL, "description_html" text NOT NULL, "topic_id" uuid NOT NULL, "created_by_id" uuid NOT NULL, "language" text NOT NULL DEFAULT 'en', "scheduled_start_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "scheduled_end_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE, "ended_at" TIMESTAMP(3) WITH TIME ZONE, "status" "public"."live_session_status" NOT NULL DEFAULT 'SCHEDULED', "visibility_scope" "public"."visibility_scope" NOT NULL DEFAULT 'PUBLIC', "visibility_sectors" "public"."sector" array NOT NULL DEFAULT '{}', "capacity" integer, "rsvp_count" integer NOT NULL DEFAULT '0', "slow_mode_seconds" integer NOT NULL DEFAULT '0', "summary" text, "archive_thread_id" uuid, "reminder_sent_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc3225418b55b1e022dbfb6dca5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "live_sessions_reminder_due_idx" ON "live_sessions"  ("scheduled_start_at") WHERE "status" = 'SCHEDULED' AND "reminder_sent_at" IS NULL`);
        await queryRunner.query(`CREATE INDEX "live_sessions_topic_start_idx" ON "live_sessions"  ("topic_id", "scheduled_start_at", "id") `);
        await queryRunner.query(`CREATE INDEX "live_sessions_status_start_idx" ON "live_sessions"  ("status", "scheduled_start_at", "id") `);
        await queryRunner.query(`CREATE INDEX "live_sessions_start_idx" ON "live_sessions"  ("scheduled_start_at", "id") `);
        await queryRunner.query(`CREATE TABLE "live_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "author_id" uuid NOT NULL, "seq" bigint, "body" text NOT NULL, "body_html" text NOT NULL, "hidden" boolean NOT NULL DEFAULT false, "idempotency_key" text, "request_hash" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_488588a23fb2b94b3ba6efa7557" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "live_messages_author_idempotency_key" ON "live_messages"  ("author_id", "idempotency_key") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "live_messages_session_seq_key" ON "live_messages"  ("session_id", "seq") `);
        await queryRunner.query(`CREATE TYPE "public"."live_question_status" AS ENUM('OPEN', 'HIGHLIGHTED', 'ANSWERED', 'DISMISSED')`);
        await queryRunner.query(`CREATE TABLE "live_questions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "body_html" text NOT NULL, "upvotes" integer NOT NULL DEFAULT '0', "status" "public"."live_question_status" NOT NULL DEFAULT 'OPEN', "answer" text, "answer_html" text, "answered_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5c586dc9642de8ec3f22837fe9a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "live_questions_session_created_idx" ON "live_questions"  ("session_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "live_questions_session_top_idx" ON "live_questions"  ("session_id", "upvotes", "created_at") `);
        await queryRunner.query(`CREATE TABLE "live_question_upvotes" ("question_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_41ddc2f02a22b2f69eaef6ca8af" PRIMARY KEY ("question_id", "user_id"))`);
        await queryRunner.query(`CREATE TABLE "live_session_hosts" ("session_id" uuid NOT NULL, "user_id" uuid NOT NULL, "position" smallint NOT NULL DEFAULT '0', CONSTRAINT "PK_424e286a2328389f55e37af023b" PRIMARY KEY ("session_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "live_session_hosts_user_idx" ON "live_session_hosts"  ("user_id") `);
        await queryRunner.query(`CREATE TABLE "live_session_rsvps" ("session_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2b4b3775f49b1b18f39be1d68c5" PRIMARY KEY ("session_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "live_session_rsvps_user_idx" ON "live_session_rsvps"  ("user_id") `);
        await queryRunner.query(`CREATE TABLE "live_session_participants" ("session_id" uuid NOT NULL, "user_id" uuid NOT NULL, "muted" boolean NOT NULL DEFAULT false, "last_message_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_d5d313b6de40f14d582e6c15fd6" PRIMARY KEY ("session_id", "user_id"))`);
        await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE IF NOT EXISTS 'SESSION_CANCELLED'`);
        await queryRunner.query(`ALTER TYPE "public"."notification_type" ADD VALUE IF NOT EXISTS 'SESSION_ENDED'`);
        await queryRunner.query(`ALTER TABLE "live_sessions" ADD CONSTRAINT "FK_cb200fc9fd2638c1dd0a8948d71" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_sessions" ADD CONSTRAINT "FK_dac8c1f4dfda85782b008373c2b" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_sessions" ADD CONSTRAINT "FK_f173c2a41f19d81fd70765b3f31" FOREIGN KEY ("archive_thread_id") REFERENCES "threads"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_messages" ADD CONSTRAINT "FK_0bda3a84037912c56bab8a22f34" FOREIGN KEY ("session_id") REFERENCES "live_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_messages" ADD CONSTRAINT "FK_973f354623c0ffd0813bbd79312" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_questions" ADD CONSTRAINT "FK_4a900f09664eda924656aca68e3" FOREIGN KEY ("session_id") REFERENCES "live_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_questions" ADD CONSTRAINT "FK_0ee640f5c1ab469dbd204e3f2ec" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_question_upvotes" ADD CONSTRAINT "FK_2eca97c5ff37fce89dbcfce985d" FOREIGN KEY ("question_id") REFERENCES "live_questions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_question_upvotes" ADD CONSTRAINT "FK_08d70f0f6e4ae3f1d6ad215a517" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_session_hosts" ADD CONSTRAINT "FK_5cbb24b0b4526bbba9a60bcd2ab" FOREIGN KEY ("session_id") REFERENCES "live_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_session_hosts" ADD CONSTRAINT "FK_86d5be6fb4f65b3484c949ee796" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_session_rsvps" ADD CONSTRAINT "FK_d4ac541fb8ab03ad18d73fd5d0b" FOREIGN KEY ("session_id") REFERENCES "live_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_session_rsvps" ADD CONSTRAINT "FK_40d567a0ab72bd6cc8f383f22a6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_session_participants" ADD CONSTRAINT "FK_a1df868c51792fe098cd65b4f06" FOREIGN KEY ("session_id") REFERENCES "live_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_session_participants" ADD CONSTRAINT "FK_c1062aa6f99ee5f63ec37932b50" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "live_session_participants" DROP CONSTRAINT "FK_c1062aa6f99ee5f63ec37932b50"`);
        await queryRunner.query(`ALTER TABLE "live_session_participants" DROP CONSTRAINT "FK_a1df868c51792fe098cd65b4f06"`);
        await queryRunner.query(`ALTER TABLE "live_session_rsvps" DROP CONSTRAINT "FK_40d567a0ab72bd6cc8f383f22a6"`);
        await queryRunner.query(`ALTER TABLE "live_session_rsvps" DROP CONSTRAINT "FK_d4ac541fb8ab03ad18d73fd5d0b"`);
        await queryRunner.query(`ALTER TABLE "live_session_hosts" DROP CONSTRAINT "FK_86d5be6fb4f65b3484c949ee796"`);
        await queryRunner.query(`ALTER TABLE "live_session_hosts" DROP CONSTRAINT "FK_5cbb24b0b4526bbba9a60bcd2ab"`);
        await queryRunner.query(`ALTER TABLE "live_question_upvotes" DROP CONSTRAINT "FK_08d70f0f6e4ae3f1d6ad215a517"`);
        await queryRunner.query(`ALTER TABLE "live_question_upvotes" DROP CONSTRAINT "FK_2eca97c5ff37fce89dbcfce985d"`);
        await queryRunner.query(`ALTER TABLE "live_questions" DROP CONSTRAINT "FK_0ee640f5c1ab469dbd204e3f2ec"`);
        await queryRunner.query(`ALTER TABLE "live_questions" DROP CONSTRAINT "FK_4a900f09664eda924656aca68e3"`);
        await queryRunner.query(`ALTER TABLE "live_messages" DROP CONSTRAINT "FK_973f354623c0ffd0813bbd79312"`);
        await queryRunner.query(`ALTER TABLE "live_messages" DROP CONSTRAINT "FK_0bda3a84037912c56bab8a22f34"`);
        await queryRunner.query(`ALTER TABLE "live_sessions" DROP CONSTRAINT "FK_f173c2a41f19d81fd70765b3f31"`);
        await queryRunner.query(`ALTER TABLE "live_sessions" DROP CONSTRAINT "FK_dac8c1f4dfda85782b008373c2b"`);
        await queryRunner.query(`ALTER TABLE "live_sessions" DROP CONSTRAINT "FK_cb200fc9fd2638c1dd0a8948d71"`);
        await queryRunner.query(`DELETE FROM "notifications" WHERE "type" IN ('SESSION_CANCELLED', 'SESSION_ENDED')`);
        await queryRunner.query(`DROP INDEX "public"."notifications_once_per_post"`);
        await queryRunner.query(`CREATE TYPE "public"."notification_type_old" AS ENUM('REPLY', 'MENTION', 'ANSWER_ACCEPTED', 'EXPERT_REQUEST', 'SESSION_STARTING', 'MEMBERSHIP', 'MODERATION', 'EXPERT_REVIEW')`);
        await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "type" TYPE "public"."notification_type_old" USING "type"::"text"::"public"."notification_type_old"`);
        await queryRunner.query(`DROP TYPE "public"."notification_type"`);
        await queryRunner.query(`ALTER TYPE "public"."notification_type_old" RENAME TO "notification_type"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "notifications_once_per_post" ON "notifications" USING btree ("recipient_id", "type", "post_id") WHERE ((type = ANY (ARRAY['REPLY'::notification_type, 'MENTION'::notification_type, 'ANSWER_ACCEPTED'::notification_type])) AND (post_id IS NOT NULL))`);
        await queryRunner.query(`DROP TABLE "live_session_participants"`);
        await queryRunner.query(`DROP INDEX "public"."live_session_rsvps_user_idx"`);
        await queryRunner.query(`DROP TABLE "live_session_rsvps"`);
        await queryRunner.query(`DROP INDEX "public"."live_session_hosts_user_idx"`);
        await queryRunner.query(`DROP TABLE "live_session_hosts"`);
        await queryRunner.query(`DROP TABLE "live_question_upvotes"`);
        await queryRunner.query(`DROP INDEX "public"."live_questions_session_top_idx"`);
        await queryRunner.query(`DROP INDEX "public"."live_questions_session_created_idx"`);
        await queryRunner.query(`DROP TABLE "live_questions"`);
        await queryRunner.query(`DROP TYPE "public"."live_question_status"`);
        await queryRunner.query(`DROP INDEX "public"."live_messages_session_seq_key"`);
        await queryRunner.query(`DROP INDEX "public"."live_messages_author_idempotency_key"`);
        await queryRunner.query(`DROP TABLE "live_messages"`);
        await queryRunner.query(`DROP INDEX "public"."live_sessions_start_idx"`);
        await queryRunner.query(`DROP INDEX "public"."live_sessions_status_start_idx"`);
        await queryRunner.query(`DROP INDEX "public"."live_sessions_topic_start_idx"`);
        await queryRunner.query(`DROP INDEX "public"."live_sessions_reminder_due_idx"`);
        await queryRunner.query(`DROP TABLE "live_sessions"`);
        await queryRunner.query(`DROP TYPE "public"."live_session_status"`);
    }

}
