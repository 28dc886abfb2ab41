import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Accounts: email verification, password reset by mail, changing email.
 * - `users.email_verified_at` (null: not verified) and `users.pending_email` (an address asked for
 *   with `changeEmail`, in force once verified).
 * - `account_tokens`: single-use, expiring tokens sent by mail (VERIFY_EMAIL, RESET_PASSWORD),
 *   stored as SHA-256 hashes only.
 * Every account that exists when this runs is marked verified (at its creation time): those
 * accounts were admitted under the old rules, some hold content and memberships, and taking their
 * access away at an upgrade would lock out people who did nothing wrong. Only accounts registered
 * from now on start unverified.
 */
export class AccountVerification1795920000000 implements MigrationInterface {
    name = 'AccountVerification1795920000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."account_token_purpose" AS ENUM('VERIFY_EMAIL', 'RESET_PASSWORD')`);
        await queryRunner.query(`CREATE TABLE "account_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" "public"."account_token_purpose" NOT NULL, "token_hash" text NOT NULL, "email" text NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e3640c493cc6206a44b885e6a9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "account_tokens_user_idx" ON "account_tokens"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "account_tokens_hash_key" ON "account_tokens"  ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "users" ADD "pending_email" text`);
        await queryRunner.query(`ALTER TABLE "account_tokens" ADD CONSTRAINT "FK_1b5fea09efc20c7f63c4a09b3d6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`UPDATE "users" SET "email_verified_at" = "created_at"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "account_tokens" DROP CONSTRAINT "FK_1b5fea09efc20c7f63c4a09b3d6"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "pending_email"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
        await queryRunner.query(`DROP INDEX "public"."account_tokens_hash_key"`);
        await queryRunner.query(`DROP INDEX "public"."account_tokens_user_idx"`);
        await queryRunner.query(`DROP TABLE "account_tokens"`);
        await queryRunner.query(`DROP TYPE "public"."account_token_purpose"`);
    }
}
