import { Module } from '@nestjs/common';
import { ThreadsModule } from '../forum/threads/threads.module';
import { AuthModule } from '../identity/auth/auth.module';
import { UsersModule } from '../identity/users/users.module';
import { LiveSessionsModule } from '../live-sessions/live-sessions.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AccessRechecks } from './access-rechecks.service';
import { RealtimeGateway } from './realtime.gateway';
import { RoomAccess } from './room-access';
import { RoomDelivery } from './room-delivery.service';
import { SocketRegistry } from './socket-registry';
import { Subscriptions } from './subscriptions.service';
import { Typing } from './typing.service';

/**
 * Real time, the top floor: the socket.io gateway, room access (asking the features that own
 * what rooms show), delivery of committed room events with replay, and access re-checks. It
 * listens to domain events (`room-events.committed`, `user.access-changed`,
 * `login-session.ended`); nothing imports it.
 */
@Module({
  imports: [OutboxModule, AuthModule, UsersModule, ThreadsModule, LiveSessionsModule],
  providers: [SocketRegistry, RoomAccess, RoomDelivery, Subscriptions, AccessRechecks, Typing, RealtimeGateway],
})
export class RealtimeModule {}
