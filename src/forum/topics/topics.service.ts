import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError } from '../../platform/errors/domain-errors';
import { uniqueViolation } from '../../platform/errors/pg-errors';
import { isUuid } from '../../platform/validation/uuid';
import { byKey, groupByKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { CreateTopicInput } from './dto/create-topic.input';
import { Topic } from './topic.type';
import { TopicsRepository } from './topics.repository';
import { NodeLoader } from '../../platform/graphql/node-loaders';
import { cleanDisplayText } from '../../platform/validation/display-text';

/** The topic tree: reading (batched) and adding topics. Thread counts are kept by `TopicsRepository`. */
@Injectable()
export class TopicsService {
  constructor(
    private readonly topics: TopicsRepository,
    private readonly dataSource: DataSource,
  ) {}

  async roots(): Promise<Topic[]> {
    return (await this.topics.roots()).map(Topic.fromEntity);
  }

  async bySlug(slug: string): Promise<Topic | null> {
    const row = await this.topics.bySlug(slug.trim().toLowerCase());
    return row ? Topic.fromEntity(row) : null;
  }

  /** Batched lookup (thread topics, parents). Null for unknown or malformed ids. */
  async load(loaders: LoaderRegistry, id: string | null): Promise<Topic | null> {
    if (!isUuid(id)) return null;
    return this.loader(loaders).load(id);
  }

  /** Hands the request's topic loader a topic another query already read (joined with `topicColumnsSql`). */
  prime(loaders: LoaderRegistry, topic: Topic): void {
    this.loader(loaders).prime(topic.id, topic);
  }

  private loader(loaders: LoaderRegistry) {
    return loaders.get<string, Topic | null>('topic.byId', async (ids) => byKey(ids, (await this.topics.findByIds(ids)).map(Topic.fromEntity), (t) => t.id));
  }

  /** `node(id)`: topics are public. */
  @NodeLoader('Topic')
  loadNode(loaders: LoaderRegistry, _viewer: unknown, id: string): Promise<Topic | null> {
    return this.load(loaders, id);
  }

  children(loaders: LoaderRegistry, parentId: string): Promise<Topic[]> {
    return loaders
      .get<string, Topic[]>('topic.children', async (ids) => groupByKey(ids, (await this.topics.childrenOf(ids)).map(Topic.fromEntity), (t) => t.parentId as string))
      .load(parentId);
  }

  async create(input: CreateTopicInput): Promise<Topic> {
    // validated after trimming: "   " is not a name
    const name = cleanDisplayText(input.name);
    if (name.length < 2 || name.length > 80) throw new BadInputError('name must be 2 to 80 characters', 'name');
    const parentId = input.parentId ?? null;
    if (parentId !== null && !isUuid(parentId)) throw new NotFoundError('The parent topic');
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (parentId !== null && !(await this.topics.lockAsParent(manager, parentId))) throw new NotFoundError('The parent topic');
        const position = await this.topics.nextPosition(manager, parentId);
        const saved = await this.topics.insert(manager, { name, slug: input.slug, description: input.description?.trim() ?? '', parentId, position });
        return Topic.fromEntity(saved);
      });
    } catch (err) {
      if (uniqueViolation(err) === 'topics_slug_key') throw new ConflictError(`The slug "${input.slug}" is taken.`);
      throw err;
    }
  }
}
