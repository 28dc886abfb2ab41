import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PostRevisionEntity } from './post-revision.entity';
import { PostEntity } from './post.entity';
import { Node } from '../../platform/graphql/node.interface';

/**
 * A reply as clients see it. A deleted post keeps its place with an empty body for everyone.
 * `thread`, `author`, `parent`, `viewerVote` and `revisions` are field resolvers (batched).
 */
@ObjectType('Post', { implements: () => [Node] })
export class Post implements Node {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Markdown; empty when deleted.' })
  body: string;

  @Field({ description: 'Rendered and sanitized; empty when deleted.' })
  bodyHtml: string;

  @Field(() => Int)
  score: number;

  @Field({ description: 'The accepted answer of its QUESTION thread.' })
  accepted: boolean;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  editedAt: Date | null;

  @Field()
  deleted: boolean;

  @Field({ description: 'Hidden by moderation (only MODERATOR and ADMIN ever see hidden posts).' })
  hidden: boolean;

  threadId: string;
  authorId: string;
  parentId: string | null;
  editCount: number;

  static fromEntity(e: PostEntity): Post {
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
@ObjectType('PostRevision')
export class PostRevision {
  @Field(() => Int, { description: '1 is the original text.' })
  version: number;

  @Field({ description: 'The Markdown of this version.' })
  body: string;

  @Field({ description: 'When this version was written.' })
  createdAt: Date;

  @Field({ description: 'When the edit that replaced this version was made.' })
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
