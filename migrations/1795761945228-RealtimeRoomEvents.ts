import { MigrationInterface, QueryRunner } from "typeorm";

export class RealtimeRoomEvents1795761945228 implements MigrationInterface {
    name = 'RealtimeRoomEvents1795761945228'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "room_events" ("room" text NOT NULL, "seq" bigint NOT NULL, "type" text NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a100795da0cdc6ff6f90aec2523" PRIMARY KEY ("room", "seq"))`);
        await queryRunner.query(`CREATE INDEX "room_events_created_at_idx" ON "room_events"  ("created_at") `);
        await queryRunner.query(`CREATE TABLE "room_sequences" ("room" text NOT NULL, "last_seq" bigint NOT NULL, CONSTRAINT "PK_9ea84eb66814627bb42f56e79c7" PRIMARY KEY ("room"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "room_sequences"`);
        await queryRunner.query(`DROP INDEX "public"."room_events_created_at_idx"`);
        await queryRunner.query(`DROP TABLE "room_events"`);
    }

}
