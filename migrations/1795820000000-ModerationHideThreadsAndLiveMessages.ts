import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Moderation log kinds for hiding threads and live chat messages (issue 12): HIDE_THREAD,
 * UNHIDE_THREAD, HIDE_LIVE_MESSAGE, UNHIDE_LIVE_MESSAGE. Adding enum values is allowed inside
 * the migration's transaction (PostgreSQL 12+); nothing uses them before it commits.
 */
export class ModerationHideThreadsAndLiveMessages1795820000000 implements MigrationInterface {
    name = 'ModerationHideThreadsAndLiveMessages1795820000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        for (const value of ['HIDE_THREAD', 'UNHIDE_THREAD', 'HIDE_LIVE_MESSAGE', 'UNHIDE_LIVE_MESSAGE']) {
            await queryRunner.query(`ALTER TYPE "public"."moderation_action_kind" ADD VALUE IF NOT EXISTS '${value}'`);
        }
    }

    /**
     * PostgreSQL cannot drop enum values: the type is rebuilt without them. This fails (and so
     * changes nothing) once the append-only log holds an entry of these kinds.
     */
    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TYPE "public"."moderation_action_kind" RENAME TO "moderation_action_kind_old"`);
        await queryRunner.query(`CREATE TYPE "public"."moderation_action_kind" AS ENUM('HIDE_POST', 'UNHIDE_POST', 'LOCK_THREAD', 'UNLOCK_THREAD', 'PIN_THREAD', 'UNPIN_THREAD', 'MOVE_THREAD', 'SUSPEND_USER', 'UNSUSPEND_USER', 'AUTO_HIDE', 'UPHOLD_FLAGS', 'REJECT_FLAGS')`);
        await queryRunner.query(`ALTER TABLE "moderation_actions" ALTER COLUMN "action" TYPE "public"."moderation_action_kind" USING "action"::text::"public"."moderation_action_kind"`);
        await queryRunner.query(`DROP TYPE "public"."moderation_action_kind_old"`);
    }
}
