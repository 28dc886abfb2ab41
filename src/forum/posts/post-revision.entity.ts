import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../identity/users/user.entity';
import { PostEntity } from './post.entity';

/**
 * An earlier version of a post, stored when an edit replaces it. Version 1 is the original;
 * `createdAt` is when that version was written, `editedAt`/`editorId` the edit that replaced it.
 */
@Entity('post_revisions')
@Index('post_revisions_post_version_key', ['postId', 'version'], { unique: true })
export class PostRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post?: PostEntity;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  editedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  editorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'editor_id' })
  editor?: UserEntity;
}
