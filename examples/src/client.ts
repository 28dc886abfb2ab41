/**
 * A small ASGM Exchange client: Apollo Client 4 for GraphQL, socket.io-client for live events.
 * Copy it into your app and adapt it (token storage, logging, UI state).
 *
 *   const client = createClient({ baseUrl: 'http://localhost:3000' });
 *   await client.signIn(email, password);
 *   const threads = await client.listThreads(10);
 *   const follow = await client.followThread(threads.edges[0].node.id, (event) => console.log(event));
 *   ...
 *   await follow.stop();
 *   await client.close();
 *
 * Tokens: an access token (a JWT, 15 minutes) goes out as `Authorization: Bearer …` and as
 * `auth: { token }` in the socket.io handshake. When the server answers UNAUTHENTICATED (a
 * GraphQL error with `extensions.code: 'UNAUTHENTICATED'`, or `connect_error` with that message
 * on the socket), the client exchanges its refresh token once with `refreshSession`, stores the
 * new pair, and retries. Refresh tokens are single use (a reused one revokes the whole session),
 * so concurrent failures share one refresh.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { from, switchMap } from 'rxjs';
import { io, Socket } from 'socket.io-client';
import { ListThreadsDocument, ListThreadsQuery, RefreshSessionDocument, SignInDocument, SignInMutation } from './generated/graphql';

/** The pair `login`, `register` and `refreshSession` return. */
export interface Session {
  accessToken: string;
  refreshToken: string;
}

export interface ClientOptions {
  /** Where the service runs, e.g. `http://localhost:3000` (GraphQL at `/graphql`, socket.io on the same port). */
  baseUrl: string;
  /** A session stored earlier (e.g. from the last run); signIn() replaces it. */
  session?: Session | null;
  /**
   * Called with every new pair (sign-in, refresh) and with null when the session ended. Persist
   * it here: after a refresh, the previous refresh token no longer works.
   */
  onSessionChange?: (session: Session | null) => void;
  /** The fetch used by the HttpLink (default: the global fetch). */
  fetch?: typeof fetch;
}

export type SignedInUser = SignInMutation['login']['user'];
export type ThreadPage = ListThreadsQuery['threads'];

export interface UserSummary {
  id: string;
  handle: string;
  displayName: string;
}

/** The `event` envelope of ../shared/CONTRACT.md; `seq` is null only for ephemeral events (typing). */
export type ThreadEvent = { room: string; seq: number | null; at: string } & (
  | {
      type: 'post.created';
      data: { postId: string; threadId: string; parentId: string | null; authorId: string; author: UserSummary; bodyHtml: string; createdAt: string };
    }
  | { type: 'post.updated'; data: { postId: string; threadId: string; fields: string[]; [value: string]: unknown } }
  | { type: 'post.deleted'; data: { postId: string; threadId: string } }
  // Moderation hid the reply: remove it (a replay sends this in place of every earlier event about it).
  | { type: 'post.hidden'; data: { postId: string; threadId: string } }
  // A hidden reply is shown again: the whole reply, to put back in place.
  | {
      type: 'post.unhidden';
      data: {
        postId: string;
        threadId: string;
        parentId: string | null;
        authorId: string;
        author: UserSummary;
        bodyHtml: string;
        createdAt: string;
        editedAt: string | null;
        score: number;
        deleted: boolean;
        accepted: boolean;
      };
    }
  | { type: 'thread.updated'; data: { threadId: string; fields: string[]; [value: string]: unknown } }
  | { type: 'typing'; data: { room: string; user: UserSummary } }
);

export interface FollowOptions {
  /** Resume after this seq (events you already have are not sent again). Default: from now on. */
  lastSeq?: number;
  /**
   * Something the event stream cannot tell: `NOT_FOUND` (the room is gone or no longer visible;
   * it is dropped), `TRUNCATED` (events after your lastSeq are no longer stored: refetch the
   * thread), `UNAUTHENTICATED` or `SUSPENDED` (the session ended: sign in again).
   */
  onProblem?: (code: string) => void;
}

export interface Follow {
  readonly room: string;
  /** The last seq received (or the room's seq when following started). */
  readonly lastSeq: number | null;
  /** Stops following (unsubscribe). */
  stop(): Promise<void>;
}

export interface ExampleClient {
  /** `login`; stores the new session. */
  signIn(email: string, password: string): Promise<SignedInUser>;
  /** The first `first` threads the viewer may see (pinned first, then by activity). */
  listThreads(first?: number, after?: string | null): Promise<ThreadPage>;
  /** Follows `thread:<threadId>` live; resolves once subscribed, rejects with the code (e.g. NOT_FOUND). */
  followThread(threadId: string, onEvent: (event: ThreadEvent) => void, options?: FollowOptions): Promise<Follow>;
  /** Disconnects the socket and stops Apollo Client. */
  close(): Promise<void>;
  /** The current session (null when signed out). */
  readonly session: Session | null;
  /** Replaces the session (e.g. one restored from storage); null signs out locally. */
  setSession(session: Session | null): void;
  /** The Apollo Client, for operations of your own. */
  readonly apollo: ApolloClient;
  /** The socket.io socket once followThread() created it (connection state, your own events). */
  readonly socket: Socket | null;
}

/** Operation context: requests that must go out without a token, and the token a request used. */
interface AuthContext {
  /** sign-in and refresh: no Authorization header (a stale token would be refused first). */
  skipAuth?: boolean;
  /** The access token this request was sent with. */
  sentAccessToken?: string;
  /** Set on the one retry after a refresh, so that a request is never retried twice. */
  retriedAfterRefresh?: boolean;
}

const isUnauthenticated = (error: unknown): boolean =>
  CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');

interface Followed {
  room: string;
  lastSeq: number | null;
  onEvent: (event: ThreadEvent) => void;
  onProblem?: (code: string) => void;
  /** Settles the followThread() promise on the first acknowledgement. */
  settle?: (error: string | null) => void;
}

type SubscribeAck = { ok: true; seq: number; truncated?: boolean } | { ok: false; error: string };

export function createClient(options: ClientOptions): ExampleClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  let session: Session | null = options.session ?? null;
  const setSession = (next: Session | null): void => {
    session = next;
    options.onSessionChange?.(next);
  };

  // ---- Refresh: one at a time, shared by every request (and the socket) that needs it ----------

  let refreshing: Promise<Session> | null = null;

  /**
   * A fresh session for a request that was refused with `staleAccessToken`. When the stored token
   * is already another one (a concurrent refresh finished first), that one is used as is; while a
   * refresh runs, everyone waits for it; otherwise this call starts the refresh.
   */
  function refreshAfter(staleAccessToken: string): Promise<Session> {
    if (session && session.accessToken !== staleAccessToken) return Promise.resolve(session);
    if (refreshing) return refreshing;
    const current = session;
    if (!current) return Promise.reject(new Error('Not signed in.'));
    refreshing = apollo
      .mutate({ mutation: RefreshSessionDocument, variables: { refreshToken: current.refreshToken }, context: { skipAuth: true } satisfies AuthContext })
      .then(
        ({ data }) => {
          if (!data) throw new Error('refreshSession returned no data.');
          const next = { accessToken: data.refreshSession.accessToken, refreshToken: data.refreshSession.refreshToken };
          setSession(next);
          return next;
        },
        (error: unknown) => {
          // The refresh token was refused (used, revoked, expired): the session is over. On a
          // network error the session is kept; the next request may try again.
          if (CombinedGraphQLErrors.is(error)) setSession(null);
          throw error;
        },
      )
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  // ---- GraphQL: error link → auth link → HTTP ------------------------------------------------------

  const authLink = new SetContextLink((prevContext) => {
    const context = prevContext as AuthContext & { headers?: Record<string, string> };
    const { authorization: _ignored, ...headers } = context.headers ?? {};
    if (context.skipAuth || !session) return { headers, sentAccessToken: undefined } satisfies AuthContext & { headers: Record<string, string> };
    return { headers: { ...headers, authorization: `Bearer ${session.accessToken}` }, sentAccessToken: session.accessToken } satisfies AuthContext & {
      headers: Record<string, string>;
    };
  });

  // The Apollo Client 4 pattern: in an ErrorLink, check `CombinedGraphQLErrors.is(error)` and the
  // code, and return an Observable that runs `forward(operation)` again once the token is new.
  // The retry passes through authLink, which reads the new token.
  const errorLink = new ErrorLink(({ error, operation, forward }) => {
    const context = operation.getContext() as AuthContext;
    if (!isUnauthenticated(error) || context.skipAuth || context.retriedAfterRefresh || !context.sentAccessToken) return;
    return from(refreshAfter(context.sentAccessToken)).pipe(
      switchMap(() => {
        operation.setContext({ retriedAfterRefresh: true } satisfies AuthContext);
        return forward(operation);
      }),
    );
  });

  const httpLink = new HttpLink({ uri: `${baseUrl}/graphql`, ...(options.fetch ? { fetch: options.fetch } : {}) });

  const apollo = new ApolloClient({
    link: ApolloLink.from([errorLink, authLink, httpLink]),
    cache: new InMemoryCache(),
  });

  // ---- socket.io: one socket, rooms resubscribed with their last seq after every reconnect ------

  let socket: Socket | null = null;
  const followed = new Map<string, Followed>();
  /** The access token of the last handshake (to refresh after a refusal). */
  let handshakeToken: string | undefined;
  /** Refusals in a row, so that a token the server keeps refusing does not loop. */
  let refusals = 0;

  /** The connection cannot go on (refused, session ended): tell every followed room. */
  const problem = (code: string): void => {
    for (const f of followed.values()) {
      if (f.settle) {
        followed.delete(f.room);
        f.settle(code);
      } else f.onProblem?.(code);
    }
  };

  function subscribe(s: Socket, f: Followed): void {
    const payload = f.lastSeq === null ? { room: f.room } : { room: f.room, lastSeq: f.lastSeq };
    s.emit('subscribe', payload, (ack: SubscribeAck) => {
      if (followed.get(f.room) !== f) return; // stopped meanwhile
      if (!ack.ok) {
        followed.delete(f.room);
        if (f.settle) f.settle(ack.error);
        else f.onProblem?.(ack.error);
        return;
      }
      // Replayed events (seq > lastSeq) arrive before the acknowledgement; its seq is the head.
      f.lastSeq = Math.max(f.lastSeq ?? 0, ack.seq);
      if (ack.truncated) f.onProblem?.('TRUNCATED');
      f.settle?.(null);
      f.settle = undefined;
    });
  }

  function ensureSocket(): Socket {
    if (socket) return socket;
    const s = io(baseUrl, {
      // A function: every (re)connection sends the access token stored at that moment.
      auth: (cb) => {
        handshakeToken = session?.accessToken;
        cb(handshakeToken ? { token: handshakeToken } : {});
      },
    });
    s.on('connect', () => {
      refusals = 0;
      // First connection and every reconnection: (re)subscribe with the last seq seen, so that
      // the server replays what was missed, in order.
      for (const f of followed.values()) subscribe(s, f);
    });
    s.on('event', (event: ThreadEvent) => {
      const f = followed.get(event.room);
      if (!f) return;
      if (event.seq !== null) {
        if (f.lastSeq !== null && event.seq <= f.lastSeq) return; // seen already (replay overlap)
        f.lastSeq = event.seq;
      }
      f.onEvent(event);
    });
    s.on('unsubscribed', ({ room, error }: { room: string; error: string }) => {
      const f = followed.get(room);
      followed.delete(room);
      f?.onProblem?.(error);
    });
    s.on('session.ended', ({ reason }: { reason: string }) => problem(reason));
    s.on('connect_error', (err) => {
      // A refused handshake is not retried by socket.io: refresh once, then connect again.
      const stale = handshakeToken;
      if (err.message !== 'UNAUTHENTICATED' || !stale || ++refusals > 1) {
        if (!s.active) problem(err.message);
        return;
      }
      refreshAfter(stale).then(
        () => s.connect(),
        () => problem('UNAUTHENTICATED'),
      );
    });
    socket = s;
    return s;
  }

  return {
    async signIn(email, password) {
      const { data } = await apollo.mutate({ mutation: SignInDocument, variables: { input: { email, password } }, context: { skipAuth: true } satisfies AuthContext });
      if (!data) throw new Error('login returned no data.');
      setSession({ accessToken: data.login.accessToken, refreshToken: data.login.refreshToken });
      return data.login.user;
    },

    async listThreads(first = 20, after = null) {
      const { data } = await apollo.query({ query: ListThreadsDocument, variables: { first, after }, fetchPolicy: 'network-only' });
      if (!data) throw new Error('threads returned no data.');
      return data.threads;
    },

    followThread(threadId, onEvent, { lastSeq, onProblem } = {}) {
      const room = `thread:${threadId}`;
      if (followed.has(room)) return Promise.reject(new Error(`Already following ${room}.`));
      return new Promise<Follow>((resolve, reject) => {
        const f: Followed = { room, lastSeq: lastSeq ?? null, onEvent, onProblem };
        const follow: Follow = {
          room,
          get lastSeq() {
            return f.lastSeq;
          },
          async stop() {
            if (followed.get(room) !== f) return;
            followed.delete(room);
            if (socket?.connected) await socket.timeout(5000).emitWithAck('unsubscribe', { room }).catch(() => undefined);
          },
        };
        f.settle = (error) => (error ? reject(new Error(error)) : resolve(follow));
        followed.set(room, f);
        const s = ensureSocket();
        // Not connected yet: the `connect` handler subscribes every followed room.
        if (s.connected) subscribe(s, f);
        else if (!s.active) s.connect();
      });
    },

    async close() {
      socket?.disconnect();
      socket = null;
      followed.clear();
      apollo.stop();
    },

    get session() {
      return session;
    },
    setSession,
    apollo,
    get socket() {
      return socket;
    },
  };
}
