import { MigrationInterface, QueryRunner } from "typeorm";

export class Identity1795761361139 implements MigrationInterface {
    name = 'Identity1795761361139'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."sector" AS ENUM('GOVERNMENT', 'IGO', 'NGO', 'ACADEMIA', 'PRIVATE_SECTOR')`);
        await queryRunner.query(`CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "acronym" text, "sector" "public"."sector" NOT NULL, "country" character(2), "email_domains" text array NOT NULL DEFAULT '{}', "verified" boolean NOT NULL DEFAULT true, "member_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "organizations_name_key" ON "organizations"  ("name") `);
        await queryRunner.query(`CREATE INDEX "IDX_2ad471c0e2c5f8c568f5cc043b" ON "organizations"  ("sector") `);
        await queryRunner.query(`CREATE TYPE "public"."user_role" AS ENUM('ADMIN', 'MODERATOR', 'EXPERT', 'MEMBER')`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "handle" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "role" "public"."user_role" NOT NULL DEFAULT 'MEMBER', "country" character(2), "languages" text array NOT NULL DEFAULT '{}', "suspended_until" TIMESTAMP(3) WITH TIME ZONE, "is_demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "users_handle_key" ON "users"  ("handle") `);
        await queryRunner.query(`CREATE TYPE "public"."membership_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED')`);
        await queryRunner.query(`CREATE TYPE "public"."org_role" AS ENUM('MEMBER', 'ORG_ADMIN')`);
        await queryRunner.query(`CREATE TABLE "memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "status" "public"."membership_status" NOT NULL DEFAULT 'PENDING', "org_role" "public"."org_role" NOT NULL DEFAULT 'MEMBER', "decided_by_id" uuid, "decided_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_458fe165f11453c5788bb98a84" ON "memberships"  ("organization_id", "status") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "memberships_one_pending_per_org" ON "memberships"  ("user_id", "organization_id") WHERE "status" = 'PENDING'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "memberships_one_approved_per_user" ON "memberships"  ("user_id") WHERE "status" = 'APPROVED'`);
        await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" text NOT NULL, "family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "refresh_tokens_hash_key" ON "refresh_tokens"  ("token_hash") `);
        await queryRunner.query(`CREATE INDEX "IDX_d5e27da0cd39bc3bb2811fc8ba" ON "refresh_tokens"  ("family_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_3ddc983c5f7bcf132fd8732c3f" ON "refresh_tokens"  ("user_id") `);
        await queryRunner.query(`ALTER TABLE "memberships" ADD CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "memberships" ADD CONSTRAINT "FK_e5380c394ec7912046d07b54290" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_e5380c394ec7912046d07b54290"`);
        await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3ddc983c5f7bcf132fd8732c3f"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d5e27da0cd39bc3bb2811fc8ba"`);
        await queryRunner.query(`DROP INDEX "public"."refresh_tokens_hash_key"`);
        await queryRunner.query(`DROP TABLE "refresh_tokens"`);
        await queryRunner.query(`DROP INDEX "public"."memberships_one_approved_per_user"`);
        await queryRunner.query(`DROP INDEX "public"."memberships_one_pending_per_org"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_458fe165f11453c5788bb98a84"`);
        await queryRunner.query(`DROP TABLE "memberships"`);
        await queryRunner.query(`DROP TYPE "public"."org_role"`);
        await queryRunner.query(`DROP TYPE "public"."membership_status"`);
        await queryRunner.query(`DROP INDEX "public"."users_handle_key"`);
        await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TYPE "public"."user_role"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2ad471c0e2c5f8c568f5cc043b"`);
        await queryRunner.query(`DROP INDEX "public"."organizations_name_key"`);
        await queryRunner.query(`DROP TABLE "organizations"`);
        await queryRunner.query(`DROP TYPE "public"."sector"`);
    }

}
