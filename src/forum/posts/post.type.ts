import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PostRevisionEntity } from './post-revision.entity';
import { PostFields } from './post.entity';
import { Node } from '../../platform/graphql/node.interface';

/**
 * A reply as clients see it. A deleted post keeps its place with an empty body for everyone.
 * `thread`, `author`, `parent`, `viewerVote` and `revisions` are field resolvers (batched).
 */
@ObjectType('Post', {
  implements: () => [Node],
  description:
    'A reply in a thread (a direct reply, or with `parent` a reply to another reply). Seen by whoever may see its thread; hidden replies by MODERATOR and ADMIN only. A deleted reply stays in place as a tombstone (`deleted: true`, empty body).',
})
export class Post implements Node {
  @Field(() => ID, { description: 'Global id of the reply (a UUID), usable with `post(id:)` and `node(id:)`.' })
  id: string;

  @Field({ description: 'Markdown as written (up to 50,000 characters); empty when deleted.' })
  body: string;

  @Field({ description: 'HTML rendered from `body` and sanitized on the server, safe to insert as is (same rules as `Thread.bodyHtml`); empty when deleted.' })
  bodyHtml: string;

  @Field(() => Int, { description: 'Sum of the votes on the reply (each +1 or -1).' })
  score: number;

  @Field({ description: 'True when it is the accepted answer of its QUESTION thread.' })
  accepted: boolean;

  @Field({ description: 'When the reply was posted (ISO-8601, UTC).' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When `editPost` last changed it (ISO-8601, UTC); null when never edited.' })
  editedAt: Date | null;

  @Field({
    description:
      'Deleted with `deletePost`: a tombstone that keeps its place (and the `parent` of its replies), with an empty body and no author except for MODERATOR and ADMIN.',
  })
  deleted: boolean;

  @Field({ description: 'Hidden by moderation (only MODERATOR and ADMIN ever see hidden posts).' })
  hidden: boolean;

  threadId: string;
  authorId: string;
  parentId: string | null;
  editCount: number;

  static fromEntity(e: PostFields): Post {
    const p = new Post();
    p.id = e.id;
    p.deleted = e.deleted;
    p.body = e.deleted ? '' : e.body;
    p.bodyHtml = e.deleted ? '' : e.bodyHtml;
    p.score = e.score;
    p.accepted = e.accepted;
    p.createdAt = e.createdAt;
    p.editedAt = e.editedAt;
    p.hidden = e.hidden;
    p.threadId = e.threadId;
    p.authorId = e.authorId;
    p.parentId = e.parentId;
    p.editCount = e.editCount;
    return p;
  }
}

/** An earlier version of a post, replaced by an edit. */
@ObjectType('PostRevision', { description: 'An earlier version of a reply, replaced by an edit (or kept when it was deleted).' })
export class PostRevision {
  @Field(() => Int, { description: 'Version number: 1 is the original text, then 2, 3… in order.' })
  version: number;

  @Field({ description: 'The Markdown of this version (not rendered).' })
  body: string;

  @Field({ description: 'When this version was written (ISO-8601, UTC).' })
  createdAt: Date;

  @Field({ description: 'When the edit (or deletion) that replaced this version was made (ISO-8601, UTC).' })
  editedAt: Date;

  editorId: string | null;

  static fromEntity(e: PostRevisionEntity): PostRevision {
    const r = new PostRevision();
    r.version = e.version;
    r.body = e.body;
    r.createdAt = e.createdAt;
    r.editedAt = e.editedAt;
    r.editorId = e.editorId;
    return r;
  }
}
