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
import { LiveChatService } from '../live-sessions/live-chat.service';
import type { StoredRoomEvent } from '../outbox/room-events';
import { toDomainError } from '../platform/errors/to-domain-error';
import { isUuid } from '../platform/validation/uuid';
import { AccessRechecks, RecheckTarget } from './access-rechecks.service';
import { RoomDelivery } from './room-delivery.service';
import { Ack, RELAY } from './socket-protocol';
import { SocketRegistry } from './socket-registry';
import { Subscriptions } from './subscriptions.service';
import { Typing } from './typing.service';

/** `connect_error` sent to the client; `message` is the code (`UNAUTHENTICATED`, `SUSPENDED` …). */
function refusal(code: string): Error & { data: { code: string } } {
  return Object.assign(new Error(code), { data: { code } });
}

/**
 * The socket.io protocol of the contract, on the HTTP port, default namespace and path: the
 * handshake, the client calls (each answers its acknowledgement and never throws), and the
 * messages other instances relay through the adapter.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('RealtimeGateway');

  constructor(
    private readonly sockets: SocketRegistry,
    private readonly subscriptions: Subscriptions,
    private readonly delivery: RoomDelivery,
    private readonly rechecks: AccessRechecks,
    private readonly typingService: Typing,
    private readonly viewers: ViewerService,
    private readonly tokens: TokensService,
    private readonly liveChat: LiveChatService,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => void this.authenticate(socket).then(() => next(), (err: Error) => next(err)));
    this.sockets.useServer(server);
    server.on(RELAY.roomEvents, (events: StoredRoomEvent[]) => this.delivery.deliverHere(events));
    server.on(RELAY.recheck, (target: RecheckTarget) => void this.rechecks.recheckHere(target));
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
      if (isSuspended(viewer)) throw refusal('SUSPENDED');
      socket.data.viewer = viewer;
      socket.data.loginSessionId = claims.sid;
    } catch (err) {
      if ((err as { data?: unknown }).data) throw err;
      const code = toDomainError(err)?.code;
      if (!code) this.logger.error({ err }, 'socket handshake failed');
      throw refusal(code ?? 'INTERNAL_SERVER_ERROR');
    }
  }

  handleConnection(socket: Socket): void {
    this.subscriptions.connected(socket);
  }

  handleDisconnect(socket: Socket): void {
    this.subscriptions.disconnected(socket);
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(() => this.subscriptions.subscribe(socket, payload));
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(async () => this.subscriptions.unsubscribe(socket, payload));
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(() => this.typingService.typing(socket, payload));
  }

  /**
   * `live:message { sessionId, body, idempotencyKey? }`: the same path as `sendLiveMessage`
   * (`LiveChatService.send`, with the viewer as it is now): `{ ok: true, message }` once the
   * message is stored with its seq, or `{ ok: false, error, retryAfterSeconds? }`.
   */
  @SubscribeMessage('live:message')
  liveMessage(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(async () => {
      const state = this.sockets.get(socket);
      // A malformed or missing session id names no session: NOT_FOUND, as for rooms.
      const sessionId = (payload as { sessionId?: unknown } | null)?.sessionId;
      if (typeof sessionId !== 'string' || !isUuid(sessionId)) return { ok: false, error: 'NOT_FOUND' };
      if (!state?.viewer) return { ok: false, error: 'UNAUTHENTICATED' };
      const viewer = await this.viewers.byUserId(state.viewer.id);
      if (!viewer || isSuspended(viewer)) {
        this.sockets.end(state, viewer ? 'SUSPENDED' : 'UNAUTHENTICATED');
        return { ok: false, error: viewer ? 'SUSPENDED' : 'UNAUTHENTICATED' };
      }
      this.sockets.setViewer(state, viewer);
      const { message: m, author } = await this.liveChat.sendWithAuthor(viewer, payload as { sessionId: unknown; body: unknown; idempotencyKey?: unknown });
      return {
        ok: true,
        message: { id: m.id, seq: m.seq, sessionId: m.sessionId, author, body: m.body, bodyHtml: m.bodyHtml, createdAt: m.createdAt.toISOString(), hidden: m.hidden },
      };
    });
  }

  private async answer(call: () => Promise<Ack>): Promise<Ack> {
    try {
      return await call();
    } catch (err) {
      const domain = toDomainError(err);
      if (!domain) this.logger.error({ err }, 'socket call failed');
      const retryAfterSeconds = domain?.extensions.retryAfterSeconds;
      return typeof retryAfterSeconds === 'number'
        ? { ok: false, error: domain!.code, retryAfterSeconds }
        : { ok: false, error: domain?.code ?? 'INTERNAL_SERVER_ERROR' };
    }
  }
}
