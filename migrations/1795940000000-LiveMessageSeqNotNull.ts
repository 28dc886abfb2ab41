import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Every chat message is stored with its seq in one statement (`RoomEventsService.storeWithRow`,
 * issue 17), so `live_messages.seq` is required. Before that, a message was inserted first and
 * given its seq in the same transaction, so no committed row can lack one; a row without a seq was
 * never shown by any read (each filtered on `seq IS NOT NULL`), and the migration refuses to run
 * rather than delete one.
 */
export class LiveMessageSeqNotNull1795940000000 implements MigrationInterface {
    name = 'LiveMessageSeqNotNull1795940000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        const [{ n }] = await queryRunner.query(`SELECT count(*)::int AS n FROM "live_messages" WHERE "seq" IS NULL`);
        if (n > 0) throw new Error(`live_messages: ${n} row(s) without a seq; give each its room event's seq (or delete them) before this migration`);
        await queryRunner.query(`ALTER TABLE "live_messages" ALTER COLUMN "seq" SET NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "live_messages" ALTER COLUMN "seq" DROP NOT NULL`);
    }
}
