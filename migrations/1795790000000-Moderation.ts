import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Moderation: flags (one per reporter and target; the durable rows behind the daily flag limit
 * and the queue) and the moderation log (`moderation_actions`), append-only: a trigger refuses every
 * UPDATE, DELETE and TRUNCATE, whoever runs them. It has no foreign keys on purpose (an
 * `ON DELETE SET NULL` would be an update the trigger refuses, and the log outlives what it names).
 */
export class Moderation1795790000000 implements MigrationInterface {
    name = 'Moderation1795790000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."moderation_action_kind" AS ENUM('HIDE_POST', 'UNHIDE_POST', 'LOCK_THREAD', 'UNLOCK_THREAD', 'PIN_THREAD', 'UNPIN_THREAD', 'MOVE_THREAD', 'SUSPEND_USER', 'UNSUSPEND_USER', 'AUTO_HIDE', 'UPHOLD_FLAGS', 'REJECT_FLAGS')`);
        await queryRunner.query(`CREATE TYPE "public"."flag_target" AS ENUM('THREAD', 'POST', 'LIVE_MESSAGE', 'USER')`);
        await queryRunner.query(`CREATE TABLE "moderation_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_id" uuid, "action" "public"."moderation_action_kind" NOT NULL, "target_type" "public"."flag_target" NOT NULL, "target_id" uuid NOT NULL, "reason" text, "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d259906fb4d2a5ef718f1f66e35" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "moderation_actions_created_idx" ON "moderation_actions"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "moderation_actions_target_idx" ON "moderation_actions"  ("target_id", "created_at", "id") `);
        await queryRunner.query(`CREATE TYPE "public"."flag_reason" AS ENUM('SPAM', 'OFFENSIVE', 'OFF_TOPIC', 'MISINFORMATION', 'OTHER')`);
        await queryRunner.query(`CREATE TYPE "public"."flag_status" AS ENUM('OPEN', 'UPHELD', 'REJECTED')`);
        await queryRunner.query(`CREATE TABLE "flags" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "target_type" "public"."flag_target" NOT NULL, "target_id" uuid NOT NULL, "reason" "public"."flag_reason" NOT NULL, "note" text, "reporter_id" uuid NOT NULL, "status" "public"."flag_status" NOT NULL DEFAULT 'OPEN', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP(3) WITH TIME ZONE, "resolved_by_id" uuid, "resolution_note" text, CONSTRAINT "PK_ea7e333c92a55de9e9b8d0b9afd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "flags_reporter_target_key" ON "flags"  ("reporter_id", "target_type", "target_id") `);
        await queryRunner.query(`CREATE INDEX "flags_reporter_created_idx" ON "flags"  ("reporter_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "flags_status_target_idx" ON "flags"  ("status", "target_type", "target_id") `);
        await queryRunner.query(`CREATE FUNCTION moderation_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'moderation_actions is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER moderation_actions_no_update_delete BEFORE UPDATE OR DELETE ON moderation_actions
            FOR EACH ROW EXECUTE FUNCTION moderation_actions_append_only()`);
        await queryRunner.query(`CREATE TRIGGER moderation_actions_no_truncate BEFORE TRUNCATE ON moderation_actions
            FOR EACH STATEMENT EXECUTE FUNCTION moderation_actions_append_only()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "flags"`);
        await queryRunner.query(`DROP TYPE "public"."flag_status"`);
        await queryRunner.query(`DROP TYPE "public"."flag_reason"`);
        await queryRunner.query(`DROP TABLE "moderation_actions"`);
        await queryRunner.query(`DROP FUNCTION moderation_actions_append_only()`);
        await queryRunner.query(`DROP TYPE "public"."flag_target"`);
        await queryRunner.query(`DROP TYPE "public"."moderation_action_kind"`);
    }
}
