import { Global, Module } from '@nestjs/common';
import { RoomEventsService } from './room-events.service';

@Global()
@Module({
  providers: [RoomEventsService],
  exports: [RoomEventsService],
})
export class RealtimeModule {}
