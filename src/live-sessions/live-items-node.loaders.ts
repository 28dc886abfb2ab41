import { Injectable } from '@nestjs/common';
import { RecordRules } from '../access/record-rules';
import { Viewer } from '../access/viewer';
import { byKey, LoaderRegistry } from '../platform/graphql/loaders';
import { NodeLoader } from '../platform/graphql/node-loaders';
import { isUuid } from '../platform/validation/uuid';
import { LiveQuestionStatus } from './live-session.enums';
import { LiveSessionAccess } from './live-session-access.service';
import { LiveMessage, LiveQuestion } from './live-session.type';
import { LiveSessionsRepository } from './live-sessions.repository';

/**
 * `node(id)` for chat messages and questions, under the rules of `LiveSession.messages` and
 * `LiveSession.questions`: the session must be visible; a hidden message for staff only; a
 * DISMISSED question for the session's managers and its author only.
 */
@Injectable()
export class LiveItemsNodeLoaders {
  constructor(
    private readonly sessions: LiveSessionsRepository,
    private readonly access: LiveSessionAccess,
  ) {}

  @NodeLoader('LiveMessage')
  message(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<LiveMessage | null> {
    return this.access.loadVisibleMessage(loaders, viewer, id);
  }

  @NodeLoader('LiveQuestion')
  async question(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<LiveQuestion | null> {
    if (!isUuid(id)) return null;
    const row = await loaders.get<string, any>('liveQuestion.byId', async (ids) => byKey(ids, await this.sessions.findQuestionsByIds(ids), (q) => q.id)).load(id);
    const session = row ? await this.access.loadVisible(loaders, viewer, row.sessionId) : null;
    if (!row || !session) return null;
    if (row.status === LiveQuestionStatus.DISMISSED && row.authorId !== viewer?.id) {
      const hostIds = await this.sessions.hostIds(undefined, row.sessionId);
      if (!RecordRules.canManageLiveSession(viewer, { hostIds, topicId: session.topicId })) return null;
    }
    return LiveQuestion.fromEntity(row);
  }
}
