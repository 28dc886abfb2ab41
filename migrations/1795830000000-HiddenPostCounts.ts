import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Thread counters count what members see: `post_count` and `score` cover the visible replies
 * (neither deleted nor hidden by moderation), `hidden_post_count` the hidden ones (added for
 * MODERATOR and ADMIN), and `last_activity_at` / `last_poster_id` come from the latest visible
 * reply. Back-filled exactly from the posts: the counts and score of every thread, and the
 * activity of the threads that have a hidden reply (elsewhere it already is the latest visible
 * reply, or the thread's creation).
 */
export class HiddenPostCounts1795830000000 implements MigrationInterface {
    name = 'HiddenPostCounts1795830000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "threads" ADD "hidden_post_count" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`UPDATE threads t SET
              post_count = coalesce(c.visible, 0),
              hidden_post_count = coalesce(c.hidden, 0),
              score = coalesce(c.score, 0)
            FROM threads t2
            LEFT JOIN (SELECT p.thread_id,
                              count(*) FILTER (WHERE NOT p.hidden)::int AS visible,
                              count(*) FILTER (WHERE p.hidden)::int AS hidden,
                              sum(p.score) FILTER (WHERE NOT p.hidden)::int AS score
                         FROM posts p WHERE NOT p.deleted GROUP BY p.thread_id) c ON c.thread_id = t2.id
           WHERE t2.id = t.id
             AND (t.post_count, t.hidden_post_count, t.score) IS DISTINCT FROM (coalesce(c.visible, 0), coalesce(c.hidden, 0), coalesce(c.score, 0))`);
        await queryRunner.query(`UPDATE threads t SET
              last_poster_id = latest.author_id,
              last_activity_at = greatest(t.created_at, coalesce(latest.created_at, t.created_at))
            FROM threads t2
            LEFT JOIN LATERAL (SELECT p.author_id, p.created_at FROM posts p
                                WHERE p.thread_id = t2.id AND NOT p.deleted AND NOT p.hidden
                                ORDER BY p.created_at DESC, p.id DESC LIMIT 1) latest ON true
           WHERE t2.id = t.id
             AND EXISTS (SELECT 1 FROM posts h WHERE h.thread_id = t.id AND h.hidden AND NOT h.deleted)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // Back to counting hidden replies in post_count and score (activity stays as it is).
        await queryRunner.query(`UPDATE threads t SET post_count = post_count + hidden_post_count,
              score = (SELECT coalesce(sum(p.score), 0) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted)
            WHERE hidden_post_count > 0`);
        await queryRunner.query(`ALTER TABLE "threads" DROP COLUMN "hidden_post_count"`);
    }
}
