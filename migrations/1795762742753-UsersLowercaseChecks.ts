import { MigrationInterface, QueryRunner } from "typeorm";

export class UsersLowercaseChecks1795762742753 implements MigrationInterface {
    name = 'UsersLowercaseChecks1795762742753'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "users_handle_lower" CHECK ("handle" = lower("handle"))`);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "users_email_lower" CHECK ("email" = lower("email"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_email_lower"`);
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_handle_lower"`);
    }

}
