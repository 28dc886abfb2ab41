import { MigrationInterface, QueryRunner } from "typeorm";

/** Must stay identical to THREAD_SEARCH_EXPRESSION / POST_SEARCH_EXPRESSION in the entities. */
const THREAD_SEARCH = "setweight(to_tsvector(forum_ts_config(language), coalesce(title, '')), 'A') || setweight(to_tsvector(forum_ts_config(language), coalesce(body, '')), 'B')";
const POST_SEARCH = "setweight(to_tsvector(forum_ts_config(language), coalesce(body, '')), 'B')";

export class ForumCore1795761903986 implements MigrationInterface {
    name = 'ForumCore1795761903986'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Full-text search configuration per thread language. Generated columns need an
        // IMMUTABLE expression, and text -> regconfig casts are not: this IMMUTABLE SQL function
        // maps a BCP-47 tag (primary subtag) to a built-in configuration, `simple` otherwise.
        // Only configurations present in this server are mapped (all five on PostgreSQL 15 and PGlite).
        const wanted: [string, string][] = [['en', 'english'], ['fr', 'french'], ['es', 'spanish'], ['pt', 'portuguese'], ['id', 'indonesian']];
        const present = new Set<string>(
            (await queryRunner.query(`SELECT cfgname FROM pg_catalog.pg_ts_config WHERE cfgnamespace = 'pg_catalog'::regnamespace`)).map((r: { cfgname: string }) => r.cfgname),
        );
        const cases = wanted.filter(([, cfg]) => present.has(cfg)).map(([lang, cfg]) => `WHEN '${lang}' THEN 'pg_catalog.${cfg}'::regconfig`).join(' ');
        await queryRunner.query(`CREATE OR REPLACE FUNCTION forum_ts_config(lang text) RETURNS regconfig
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT ${cases ? `CASE lower(split_part(coalesce(lang, ''), '-', 1)) ${cases} ELSE 'pg_catalog.simple'::regconfig END` : `'pg_catalog.simple'::regconfig`} $$`);
        // TypeORM compares generated columns with the expressions recorded here (schema drift check).
        await queryRunner.query(`CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`);
        for (const [table, expression] of [['threads', THREAD_SEARCH], ['posts', POST_SEARCH]]) {
            await queryRunner.query(
                `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), $1, 'GENERATED_COLUMN', 'search_vector', $2)`,
                [table, expression],
            );
        }
        await queryRunner.query(`CREATE TABLE "topics" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "parent_id" uuid, "position" integer NOT NULL DEFAULT '0', "thread_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e4aa99a3fa60ec3a37d1fc4e853" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "topics_slug_key" ON "topics"  ("slug") `);
        await queryRunner.query(`CREATE INDEX "topics_parent_position_idx" ON "topics"  ("parent_id", "position") `);
        await queryRunner.query(`CREATE TYPE "public"."thread_kind" AS ENUM('QUESTION', 'DISCUSSION', 'ANNOUNCEMENT')`);
        await queryRunner.query(`CREATE TYPE "public"."visibility_scope" AS ENUM('PUBLIC', 'MEMBERS', 'SECTORS')`);
        await queryRunner.query(`CREATE TABLE "threads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."thread_kind" NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "body_html" text NOT NULL, "author_id" uuid NOT NULL, "topic_id" uuid NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "visibility_scope" "public"."visibility_scope" NOT NULL DEFAULT 'PUBLIC', "visibility_sectors" "public"."sector" array NOT NULL DEFAULT '{}', "language" text NOT NULL DEFAULT 'en', "accepted_post_id" uuid, "locked" boolean NOT NULL DEFAULT false, "pinned" boolean NOT NULL DEFAULT false, "hidden" boolean NOT NULL DEFAULT false, "post_count" integer NOT NULL DEFAULT '0', "score" integer NOT NULL DEFAULT '0', "last_activity_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "last_poster_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP(3) WITH TIME ZONE, "idempotency_key" text, "request_hash" text, "search_vector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector(forum_ts_config(language), coalesce(title, '')), 'A') || setweight(to_tsvector(forum_ts_config(language), coalesce(body, '')), 'B')) STORED, CONSTRAINT "PK_d8a74804c34fc3900502cd27275" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "threads_author_idempotency_key" ON "threads"  ("author_id", "idempotency_key") `);
        await queryRunner.query(`CREATE INDEX "threads_search_idx" ON "threads" USING gin ("search_vector") `);
        await queryRunner.query(`CREATE INDEX "threads_tags_idx" ON "threads" USING gin ("tags") `);
        await queryRunner.query(`CREATE INDEX "threads_author_idx" ON "threads"  ("author_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "threads_unanswered_idx" ON "threads"  ("pinned", "last_activity_at", "id") WHERE "kind" = 'QUESTION' AND "accepted_post_id" IS NULL`);
        await queryRunner.query(`CREATE INDEX "threads_kind_activity_idx" ON "threads"  ("kind", "pinned", "last_activity_at", "id") `);
        await queryRunner.query(`CREATE INDEX "threads_topic_top_idx" ON "threads"  ("topic_id", "pinned", "score", "last_activity_at", "id") `);
        await queryRunner.query(`CREATE INDEX "threads_topic_newest_idx" ON "threads"  ("topic_id", "pinned", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "threads_topic_activity_idx" ON "threads"  ("topic_id", "pinned", "last_activity_at", "id") `);
        await queryRunner.query(`CREATE INDEX "threads_top_idx" ON "threads"  ("pinned", "score", "last_activity_at", "id") `);
        await queryRunner.query(`CREATE INDEX "threads_newest_idx" ON "threads"  ("pinned", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "threads_activity_idx" ON "threads"  ("pinned", "last_activity_at", "id") `);
        await queryRunner.query(`CREATE TABLE "posts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "author_id" uuid NOT NULL, "parent_id" uuid, "body" text NOT NULL, "body_html" text NOT NULL, "language" text NOT NULL DEFAULT 'en', "score" integer NOT NULL DEFAULT '0', "accepted" boolean NOT NULL DEFAULT false, "deleted" boolean NOT NULL DEFAULT false, "deleted_at" TIMESTAMP(3) WITH TIME ZONE, "hidden" boolean NOT NULL DEFAULT false, "edit_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP(3) WITH TIME ZONE, "idempotency_key" text, "request_hash" text, "search_vector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector(forum_ts_config(language), coalesce(body, '')), 'B')) STORED, CONSTRAINT "PK_2829ac61eff60fcec60d7274b9e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "posts_author_idempotency_key" ON "posts"  ("author_id", "idempotency_key") `);
        await queryRunner.query(`CREATE INDEX "posts_search_idx" ON "posts" USING gin ("search_vector") `);
        await queryRunner.query(`CREATE INDEX "posts_author_idx" ON "posts"  ("author_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "posts_parent_idx" ON "posts"  ("parent_id") `);
        await queryRunner.query(`CREATE INDEX "posts_thread_order_idx" ON "posts"  ("thread_id", "created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "post_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "post_id" uuid NOT NULL, "version" integer NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "edited_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "editor_id" uuid, CONSTRAINT "PK_871219c3d5044d70ff7d59480b8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "post_revisions_post_version_key" ON "post_revisions"  ("post_id", "version") `);
        await queryRunner.query(`CREATE TABLE "post_votes" ("post_id" uuid NOT NULL, "user_id" uuid NOT NULL, "value" smallint NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "post_votes_value_check" CHECK ("value" IN (-1, 1)), CONSTRAINT "PK_546801fe7213cc268591295ad83" PRIMARY KEY ("post_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "post_votes_user_idx" ON "post_votes"  ("user_id") `);
        await queryRunner.query(`CREATE TABLE "seed_markers" ("name" text NOT NULL, "applied_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fbc3a7f39dda40747071e3ec6ac" PRIMARY KEY ("name"))`);
        await queryRunner.query(`CREATE TABLE "thread_watchers" ("thread_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_072a5d34b4e2c5893cb370567d5" PRIMARY KEY ("thread_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "thread_watchers_user_idx" ON "thread_watchers"  ("user_id") `);
        await queryRunner.query(`CREATE TABLE "topic_thread_counts" ("topic_id" uuid NOT NULL, "audience" text NOT NULL, "thread_count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_5253294440cef466fce59970b6e" PRIMARY KEY ("topic_id", "audience"))`);
        await queryRunner.query(`ALTER TABLE "topics" ADD CONSTRAINT "FK_645ec03b0df564bed249402a16e" FOREIGN KEY ("parent_id") REFERENCES "topics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "threads" ADD CONSTRAINT "FK_71b6a8e2ea822297f14b96c3183" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "threads" ADD CONSTRAINT "FK_b708ba9187e779d43f53cdad561" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "threads" ADD CONSTRAINT "FK_e2ef9d351c0dc7e6dedd3e24dfa" FOREIGN KEY ("accepted_post_id") REFERENCES "posts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "threads" ADD CONSTRAINT "FK_dc1e3b8fc4a1faf92ad70010dff" FOREIGN KEY ("last_poster_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "posts" ADD CONSTRAINT "FK_89efae744488da3393177c9ccbf" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "posts" ADD CONSTRAINT "FK_312c63be865c81b922e39c2475e" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "posts" ADD CONSTRAINT "FK_d8be760cd953c4a98137c5237a6" FOREIGN KEY ("parent_id") REFERENCES "posts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "post_revisions" ADD CONSTRAINT "FK_21715fae1f647ae1e4b0741346a" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "post_revisions" ADD CONSTRAINT "FK_d4cc016eff941f8be976ba83d2a" FOREIGN KEY ("editor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "post_votes" ADD CONSTRAINT "FK_be565a04e47c8b846f6cc7fcac6" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "post_votes" ADD CONSTRAINT "FK_37fb39fa2d813582024968ef264" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "thread_watchers" ADD CONSTRAINT "FK_329e43206e2348add76a5346c59" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "thread_watchers" ADD CONSTRAINT "FK_6ccd326ba83dcc1817425d9e5f1" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "topic_thread_counts" ADD CONSTRAINT "FK_89edffbb4d252bd3a49af9985b3" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "topic_thread_counts" DROP CONSTRAINT "FK_89edffbb4d252bd3a49af9985b3"`);
        await queryRunner.query(`ALTER TABLE "thread_watchers" DROP CONSTRAINT "FK_6ccd326ba83dcc1817425d9e5f1"`);
        await queryRunner.query(`ALTER TABLE "thread_watchers" DROP CONSTRAINT "FK_329e43206e2348add76a5346c59"`);
        await queryRunner.query(`ALTER TABLE "post_votes" DROP CONSTRAINT "FK_37fb39fa2d813582024968ef264"`);
        await queryRunner.query(`ALTER TABLE "post_votes" DROP CONSTRAINT "FK_be565a04e47c8b846f6cc7fcac6"`);
        await queryRunner.query(`ALTER TABLE "post_revisions" DROP CONSTRAINT "FK_d4cc016eff941f8be976ba83d2a"`);
        await queryRunner.query(`ALTER TABLE "post_revisions" DROP CONSTRAINT "FK_21715fae1f647ae1e4b0741346a"`);
        await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_d8be760cd953c4a98137c5237a6"`);
        await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_312c63be865c81b922e39c2475e"`);
        await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_89efae744488da3393177c9ccbf"`);
        await queryRunner.query(`ALTER TABLE "threads" DROP CONSTRAINT "FK_dc1e3b8fc4a1faf92ad70010dff"`);
        await queryRunner.query(`ALTER TABLE "threads" DROP CONSTRAINT "FK_e2ef9d351c0dc7e6dedd3e24dfa"`);
        await queryRunner.query(`ALTER TABLE "threads" DROP CONSTRAINT "FK_b708ba9187e779d43f53cdad561"`);
        await queryRunner.query(`ALTER TABLE "threads" DROP CONSTRAINT "FK_71b6a8e2ea822297f14b96c3183"`);
        await queryRunner.query(`ALTER TABLE "topics" DROP CONSTRAINT "FK_645ec03b0df564bed249402a16e"`);
        await queryRunner.query(`DROP TABLE "topic_thread_counts"`);
        await queryRunner.query(`DROP INDEX "public"."thread_watchers_user_idx"`);
        await queryRunner.query(`DROP TABLE "thread_watchers"`);
        await queryRunner.query(`DROP TABLE "seed_markers"`);
        await queryRunner.query(`DROP INDEX "public"."post_votes_user_idx"`);
        await queryRunner.query(`DROP TABLE "post_votes"`);
        await queryRunner.query(`DROP INDEX "public"."post_revisions_post_version_key"`);
        await queryRunner.query(`DROP TABLE "post_revisions"`);
        await queryRunner.query(`DROP INDEX "public"."posts_thread_order_idx"`);
        await queryRunner.query(`DROP INDEX "public"."posts_parent_idx"`);
        await queryRunner.query(`DROP INDEX "public"."posts_author_idx"`);
        await queryRunner.query(`DROP INDEX "public"."posts_search_idx"`);
        await queryRunner.query(`DROP INDEX "public"."posts_author_idempotency_key"`);
        await queryRunner.query(`DROP TABLE "posts"`);
        await queryRunner.query(`DROP INDEX "public"."threads_activity_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_newest_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_top_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_topic_activity_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_topic_newest_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_topic_top_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_kind_activity_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_unanswered_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_author_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_tags_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_search_idx"`);
        await queryRunner.query(`DROP INDEX "public"."threads_author_idempotency_key"`);
        await queryRunner.query(`DROP TABLE "threads"`);
        await queryRunner.query(`DROP TYPE "public"."visibility_scope"`);
        await queryRunner.query(`DROP TYPE "public"."thread_kind"`);
        await queryRunner.query(`DROP INDEX "public"."topics_parent_position_idx"`);
        await queryRunner.query(`DROP INDEX "public"."topics_slug_key"`);
        await queryRunner.query(`DROP TABLE "topics"`);
        await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search_vector' AND "table" IN ('threads', 'posts') AND "database" = current_database()`);
        await queryRunner.query(`DROP FUNCTION forum_ts_config(text)`);
    }

}
