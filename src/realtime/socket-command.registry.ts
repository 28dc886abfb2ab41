import { Injectable } from '@nestjs/common';
import { Viewer } from '../access/viewer';
import type { Ack } from './realtime.service';

/** Handles a client → server call (e.g. `live:message`) and answers its acknowledgement. */
export type SocketCommand = (viewer: Viewer | null, payload: unknown) => Promise<Ack>;

/**
 * Client → server calls implemented by features (live sessions register `live:message` in
 * their module's `onModuleInit`), so the gateway imports no feature module. A call nobody
 * registered answers `NOT_FOUND`.
 */
@Injectable()
export class SocketCommandRegistry {
  private readonly commands = new Map<string, SocketCommand>();

  register(name: 'live:message', command: SocketCommand): void {
    this.commands.set(name, command);
  }

  async run(name: string, viewer: Viewer | null, payload: unknown): Promise<Ack> {
    const command = this.commands.get(name);
    return command ? command(viewer, payload) : { ok: false, error: 'NOT_FOUND' };
  }
}
