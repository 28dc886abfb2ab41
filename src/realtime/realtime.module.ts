import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../identity/auth/auth.module';
import { UsersModule } from '../identity/users/users.module';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeService } from './realtime.service';
import { RoomAccessRegistry } from './room-access.registry';
import { RoomEventEntity, RoomSequenceEntity } from '../outbox/room-event.entity';
import { RoomEventsService } from '../outbox/room-events.service';
import { SocketCommandRegistry } from './socket-command.registry';
import { SocketRevalidationService } from './socket-revalidation.service';
import { TransactionHooksService } from '../platform/events/transaction-hooks.service';

/**
 * Real time: the socket.io gateway, durable room events (outbox) delivered after commit, and
 * the registries through which features authorize rooms and handle client calls. Global:
 * features inject RoomEventsService, RoomAccessRegistry, RealtimeService without importing it.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RoomEventEntity, RoomSequenceEntity]), AuthModule, UsersModule],
  providers: [TransactionHooksService, SocketRevalidationService, RoomEventsService, RoomAccessRegistry, SocketCommandRegistry, RealtimeService, RealtimeGateway],
  exports: [TransactionHooksService, SocketRevalidationService, RoomEventsService, RoomAccessRegistry, SocketCommandRegistry, RealtimeService],
})
export class RealtimeModule {}
