import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Viewer } from '../../access/viewer';
import { BadInputError, ForbiddenError } from '../../platform/errors/domain-errors';
import { LoaderRegistry } from '../../platform/graphql/loaders';
import { rooms, RoomEventsService } from '../../outbox/room-events.service';
import { Post } from './post.type';
import { PostsService } from './posts.service';

@Injectable()
export class VotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly posts: PostsService,
    private readonly roomEvents: RoomEventsService,
  ) {}

  /**
   * +1 or -1 (replacing the viewer's earlier vote), 0 clears it. Not on one's own post
   * (FORBIDDEN). The post's score and its thread's score change by the difference in the
   * same transaction, under the thread and post row locks.
   */
  async vote(viewer: Viewer, postId: string, value: number): Promise<Post> {
    if (![-1, 0, 1].includes(value)) throw new BadInputError('value must be 1, -1 or 0.', 'value');
    return this.dataSource.transaction(async (manager) => {
      const { post, thread } = await this.posts.lockForWrite(manager, viewer, postId);
      if (post.authorId === viewer.id) throw new ForbiddenError('You cannot vote on your own post.');
      const existing: { value: number }[] = await manager.query(`SELECT value FROM post_votes WHERE post_id = $1 AND user_id = $2`, [post.id, viewer.id]);
      const delta = value - (existing[0]?.value ?? 0);
      if (delta === 0) return Post.fromEntity(post);
      if (value === 0) {
        await manager.query(`DELETE FROM post_votes WHERE post_id = $1 AND user_id = $2`, [post.id, viewer.id]);
      } else {
        await manager.query(
          `INSERT INTO post_votes (post_id, user_id, value) VALUES ($1, $2, $3) ON CONFLICT (post_id, user_id) DO UPDATE SET value = EXCLUDED.value, created_at = now()`,
          [post.id, viewer.id, value],
        );
      }
      await this.applyDelta(manager, post.id, thread.id, delta);
      await this.roomEvents.append(manager, rooms.thread(thread.id), 'post.updated', { postId: post.id, threadId: thread.id, fields: ['score'] });
      post.score += delta;
      return Post.fromEntity(post);
    });
  }

  /** Adds `delta` to a post's score and its thread's score (caller's transaction). */
  async applyDelta(manager: EntityManager, postId: string, threadId: string, delta: number): Promise<void> {
    await manager.query(`UPDATE posts SET score = score + $2 WHERE id = $1`, [postId, delta]);
    await manager.query(`UPDATE threads SET score = score + $2 WHERE id = $1`, [threadId, delta]);
  }

  /** The viewer's vote on a post: 1, -1, or 0 (none, or anonymous). Batched per request. */
  viewerVote(loaders: LoaderRegistry, viewer: Viewer | null, postId: string): Promise<number> {
    if (!viewer) return Promise.resolve(0);
    return loaders
      .get<string, number>(`post.viewerVote:${viewer.id}`, async (ids) => {
        const rows: { post_id: string; value: number }[] = await this.dataSource.query(
          `SELECT post_id, value FROM post_votes WHERE user_id = $1 AND post_id = ANY($2::uuid[])`,
          [viewer.id, ids],
        );
        const map = new Map(rows.map((r) => [r.post_id, Number(r.value)]));
        return ids.map((id) => map.get(id) ?? 0);
      })
      .load(postId);
  }
}
