import { MigrationInterface, QueryRunner } from "typeorm";

export class Notifications1795762275574 implements MigrationInterface {
    name = 'Notifications1795762275574'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."email_notification_mode" AS ENUM('OFF', 'INSTANT', 'DAILY_DIGEST')`);
        await queryRunner.query(`CREATE TABLE "notification_settings" ("user_id" uuid NOT NULL, "email_mode" "public"."email_notification_mode" NOT NULL DEFAULT 'INSTANT', "last_digest_at" TIMESTAMP(3) WITH TIME ZONE, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_91a7ffebe8b406c4470845d4781" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TYPE "public"."notification_type" AS ENUM('REPLY', 'MENTION', 'ANSWER_ACCEPTED', 'EXPERT_REQUEST', 'SESSION_STARTING', 'MEMBERSHIP', 'MODERATION')`);
        await queryRunner.query(`CREATE TYPE "public"."notification_email_state" AS ENUM('NONE', 'PENDING', 'DIGEST', 'SENDING', 'SENT', 'LOGGED', 'FAILED', 'SKIPPED')`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_id" uuid NOT NULL, "type" "public"."notification_type" NOT NULL, "actor_id" uuid, "thread_id" uuid, "post_id" uuid, "session_id" uuid, "membership_id" uuid, "read_at" TIMESTAMP(3) WITH TIME ZONE, "email_state" "public"."notification_email_state" NOT NULL DEFAULT 'NONE', "email_attempts" integer NOT NULL DEFAULT '0', "email_claimed_at" TIMESTAMP(3) WITH TIME ZONE, "emailed_at" TIMESTAMP(3) WITH TIME ZONE, "email_error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "notifications_once_per_post" ON "notifications"  ("recipient_id", "type", "post_id") WHERE type IN ('REPLY', 'MENTION', 'ANSWER_ACCEPTED') AND post_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "notifications_email_idx" ON "notifications"  ("email_state", "created_at") WHERE email_state IN ('PENDING', 'DIGEST', 'SENDING')`);
        await queryRunner.query(`CREATE INDEX "notifications_unread_idx" ON "notifications"  ("recipient_id") WHERE read_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "notifications_recipient_created_idx" ON "notifications"  ("recipient_id", "created_at", "id") `);
        await queryRunner.query(`ALTER TABLE "notification_settings" ADD CONSTRAINT "FK_91a7ffebe8b406c4470845d4781" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_5332a4daa46fd3f4e6625dd275d" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_20f8b51fd9655c0b69feed5efc6" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_20f8b51fd9655c0b69feed5efc6"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_5332a4daa46fd3f4e6625dd275d"`);
        await queryRunner.query(`ALTER TABLE "notification_settings" DROP CONSTRAINT "FK_91a7ffebe8b406c4470845d4781"`);
        await queryRunner.query(`DROP INDEX "public"."notifications_recipient_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."notifications_unread_idx"`);
        await queryRunner.query(`DROP INDEX "public"."notifications_email_idx"`);
        await queryRunner.query(`DROP INDEX "public"."notifications_once_per_post"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP TYPE "public"."notification_email_state"`);
        await queryRunner.query(`DROP TYPE "public"."notification_type"`);
        await queryRunner.query(`DROP TABLE "notification_settings"`);
        await queryRunner.query(`DROP TYPE "public"."email_notification_mode"`);
    }

}
