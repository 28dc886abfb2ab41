import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Room names of the socket.io protocol. */
export const rooms = {
  thread: (id: string) => `thread:${id}`,
  session: (id: string) => `session:${id}`,
  user: (id: string) => `user:${id}`,
};

/**
 * Durable room events (outbox). `append` must be called inside the transaction of the change
 * it reports: it stores the event with the next `seq` of its room, and the event is
 * delivered to socket.io rooms only after that transaction commits.
 *
 * STUB owned by the real-time feature: the signature is the contract other features code against.
 */
@Injectable()
export class RoomEventsService {
  async append(_manager: EntityManager, _room: string, _type: string, _data: Record<string, unknown>): Promise<void> {
    // implemented by the real-time feature
  }
}
