import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { isSuspended } from '../access/viewer';
import { TokensService } from '../identity/auth/tokens.service';
import { ViewerService } from '../identity/auth/viewer.service';
import { toDomainError } from '../platform/errors/format-graphql-error';
import { Ack, RealtimeService } from './realtime.service';
import { SocketCommandRegistry } from './socket-command.registry';

/** `connect_error` sent to the client; `message` is the code (`UNAUTHENTICATED`, `SUSPENDED` …). */
function refusal(code: string): Error & { data: { code: string } } {
  return Object.assign(new Error(code), { data: { code } });
}

/**
 * The socket.io protocol of the contract, on the HTTP port, default namespace and path.
 * Every call answers its acknowledgement and never throws.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('RealtimeGateway');

  constructor(
    private readonly realtime: RealtimeService,
    private readonly viewers: ViewerService,
    private readonly tokens: TokensService,
    private readonly commands: SocketCommandRegistry,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => void this.authenticate(socket).then(() => next(), (err: Error) => next(err)));
    this.realtime.attach(server);
  }

  /**
   * Handshake: `auth: { token }`. No token: anonymous. A bad, expired, forged or revoked token
   * is refused (`UNAUTHENTICATED`), as is a suspended account (`SUSPENDED`).
   */
  private async authenticate(socket: Socket): Promise<void> {
    const token: unknown = socket.handshake.auth?.token;
    socket.data.viewer = null;
    if (token === undefined || token === null || token === '') return;
    if (typeof token !== 'string') throw refusal('UNAUTHENTICATED');
    try {
      // The token is verified once; the viewer is loaded from its claims.
      const claims = await this.tokens.verifyAccessToken(token);
      const viewer = await this.viewers.fromClaims(claims);
      const sid = claims.sid;
      if (isSuspended(viewer)) throw refusal('SUSPENDED');
      socket.data.viewer = viewer;
      socket.data.sessionId = sid;
    } catch (err) {
      if ((err as { data?: unknown }).data) throw err;
      const code = toDomainError(err)?.code;
      if (!code) this.logger.error({ err }, 'socket handshake failed');
      throw refusal(code ?? 'INTERNAL_SERVER_ERROR');
    }
  }

  handleConnection(socket: Socket): void {
    this.realtime.connected(socket);
  }

  handleDisconnect(socket: Socket): void {
    this.realtime.disconnected(socket);
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(() => this.realtime.subscribe(socket, payload));
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(async () => this.realtime.unsubscribe(socket, payload));
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(() => this.realtime.typing(socket, payload));
  }

  @SubscribeMessage('live:message')
  liveMessage(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(() => this.commands.run('live:message', socket.data.viewer ?? null, payload));
  }

  private async answer(call: () => Promise<Ack>): Promise<Ack> {
    try {
      return await call();
    } catch (err) {
      const domain = toDomainError(err);
      if (!domain) this.logger.error({ err }, 'socket call failed');
      return { ok: false, error: domain?.code ?? 'INTERNAL_SERVER_ERROR' };
    }
  }
}
