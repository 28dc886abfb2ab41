import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Every chat message is now stored with its seq in one statement (`RoomEventsService.storeWithRow`,
 * issue 17), so `live_messages.seq` is required. Rows without one can exist in databases that ran
 * an intermediate version of that work (commits 7a9064f to cc854e9), which committed a message
 * first and gave it its seq when it was published: a message whose publishing never ran kept seq
 * NULL, and every read hid it (`seq IS NOT NULL`). Such a row gets the seq of its stored
 * `live.message` event when there is one; the others were never shown to anyone and are deleted
 * (a retry with the same idempotency key then stores the message again).
 */
export class LiveMessageSeqNotNull1795940000000 implements MigrationInterface {
    name = 'LiveMessageSeqNotNull1795940000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            UPDATE "live_messages" m SET "seq" = e."seq"
              FROM "room_events" e
             WHERE m."seq" IS NULL
               AND e."room" = 'session:' || m."session_id"
               AND e."type" = 'live.message'
               AND e."data"->>'messageId' = m."id"::text`);
        await queryRunner.query(`DELETE FROM "live_messages" WHERE "seq" IS NULL`);
        await queryRunner.query(`ALTER TABLE "live_messages" ALTER COLUMN "seq" SET NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "live_messages" ALTER COLUMN "seq" DROP NOT NULL`);
    }
}
