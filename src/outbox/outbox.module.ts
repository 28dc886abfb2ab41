import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoomEventEntity, RoomSequenceEntity } from './room-event.entity';
import { RoomEventsService } from './room-events.service';

/**
 * Durable room events: features that report changes to socket rooms import this module and
 * append typed events (`room-events.ts`) in the transaction of the change. Delivery is
 * realtime's job: it listens to `room-events.committed`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([RoomEventEntity, RoomSequenceEntity])],
  providers: [RoomEventsService],
  exports: [RoomEventsService],
})
export class OutboxModule {}
