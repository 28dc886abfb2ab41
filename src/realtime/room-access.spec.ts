import { Role } from '../access/roles';
import { Viewer } from '../access/viewer';
import { ThreadAccess } from '../forum/threads/thread-access.service';
import { LiveSessionAccess } from '../live-sessions/live-session-access.service';
import { RoomAccess } from './room-access';

const viewer = (id: string): Viewer => ({ id, role: Role.MEMBER, sector: null, organizationId: null, orgRole: null, suspendedUntil: null });
const ID = '5b0c2a7e-3f1d-4c55-9e8b-2f6a1d9c0b11';
const OTHER = '00000000-0000-4000-8000-000000000000';

/** A LiveSessionAccess that knows no session (every check answers false), unless `answer` is given. */
function sessions(answer: (viewers: readonly (Viewer | null)[], id: string) => Promise<unknown[]> = async (vs) => vs.map(() => false)) {
  const seen: string[] = [];
  const fake = {
    canViewMany: async (viewers: readonly (Viewer | null)[], id: string) => {
      seen.push(id);
      return answer(viewers, id);
    },
  };
  return { fake: fake as unknown as LiveSessionAccess, seen };
}

/** A ThreadAccess whose batched check is `answer` (counting calls); the single check must never be used. */
function threads(answer: (viewers: readonly (Viewer | null)[], id: string) => Promise<unknown[]>, live = sessions().fake) {
  const calls = { many: [] as number[], single: 0 };
  const fake = {
    canViewMany: async (viewers: readonly (Viewer | null)[], id: string) => {
      calls.many.push(viewers.length);
      return answer(viewers, id);
    },
    canView: async () => {
      calls.single++;
      return true;
    },
  };
  return { access: new RoomAccess(fake as unknown as ThreadAccess, live), calls };
}

describe('RoomAccess', () => {
  it('parses only known kinds with UUID ids (lower-cased)', () => {
    const { access } = threads(async (vs) => vs.map(() => true));
    expect(access.parse(`thread:${ID.toUpperCase()}`)).toEqual({ kind: 'thread', id: ID, name: `thread:${ID}` });
    expect(access.parse(`session:${ID}`)).toEqual({ kind: 'session', id: ID, name: `session:${ID}` });
    for (const bad of ['thread', `thread:${ID}x`, `planet:${ID}`, `:${ID}`, 42, null, undefined, `thread:${ID}:extra`, `thread:${'x'.repeat(100)}`]) {
      expect(access.parse(bad)).toBeNull();
    }
  });

  it('fails closed: unknown session rooms, failing checks, non-true answers and malformed rooms refuse', async () => {
    expect(await threads(async (vs) => vs.map(() => true)).access.canAccess(viewer(ID), `session:${ID}`)).toBe(false);
    const failing = threads(async () => {
      throw new Error('database down');
    });
    expect(await failing.access.canAccess(viewer(ID), `thread:${ID}`)).toBe(false);
    const sloppy = threads(async (vs) => vs.map(() => 'yes'));
    expect(await sloppy.access.canAccess(viewer(ID), `thread:${ID}`)).toBe(false);
    const short = threads(async () => []);
    expect(await short.access.canAccess(viewer(ID), `thread:${ID}`)).toBe(false);
    expect(await threads(async (vs) => vs.map(() => true)).access.canAccess(viewer(ID), 'thread:nope')).toBe(false);
  });

  it('lets a user into their own user room only', async () => {
    const { access, calls } = threads(async (vs) => vs.map(() => true));
    expect(await access.canAccess(viewer(ID), `user:${ID}`)).toBe(true);
    expect(await access.canAccess(viewer(ID), `user:${ID.toUpperCase()}`)).toBe(true);
    expect(await access.canAccess(viewer(OTHER), `user:${ID}`)).toBe(false);
    expect(await access.canAccess(null, `user:${ID}`)).toBe(false);
    expect(calls.many).toEqual([]); // the forum is not asked about user rooms
  });

  it('thread rooms follow the forum’s ThreadAccess, for the thread named in the room', async () => {
    const seen: string[] = [];
    const { access } = threads(async (vs, id) => {
      seen.push(id);
      return vs.map((v) => v?.id === ID);
    });
    expect(await access.canAccess(viewer(ID), `thread:${ID.toUpperCase()}`)).toBe(true);
    expect(await access.canAccess(viewer(OTHER), `thread:${ID}`)).toBe(false);
    expect(await access.canAccess(null, `thread:${ID}`)).toBe(false);
    expect(seen).toEqual([ID, ID, ID]);
  });

  it('canAccessMany: one batched check per room for every viewer, in order; fails closed for everyone', async () => {
    const other = viewer(OTHER);
    const allow = threads(async (vs) => vs.map((v) => v?.id === ID));
    expect(await allow.access.canAccessMany([viewer(ID), other, null], `user:${ID}`)).toEqual([true, false, false]);
    expect(await allow.access.canAccessMany([viewer(ID), other, null], `thread:${ID}`)).toEqual([true, false, false]);
    expect(allow.calls.many).toEqual([3]);
    expect(allow.calls.single).toBe(0);
    expect(await allow.access.canAccessMany([], `thread:${ID}`)).toEqual([]);
    expect(await allow.access.canAccessMany([viewer(ID), other], `session:${ID}`)).toEqual([false, false]);
    expect(await allow.access.canAccessMany([viewer(ID)], 'thread:nope')).toEqual([false]);
    const failing = threads(async () => {
      throw new Error('database down');
    });
    expect(await failing.access.canAccessMany([viewer(ID), other], `thread:${ID}`)).toEqual([false, false]);
  });

  it('session rooms follow LiveSessionAccess (the rule behind liveSession(id)), for the session named in the room; a failing check refuses', async () => {
    const live = sessions(async (vs) => vs.map((v) => v?.id === ID));
    const { access, calls } = threads(async (vs) => vs.map(() => true), live.fake);
    expect(await access.canAccessMany([viewer(ID), viewer(OTHER), null], `session:${ID.toUpperCase()}`)).toEqual([true, false, false]);
    expect(live.seen).toEqual([ID]);
    expect(calls.many).toEqual([]); // the forum is not asked about session rooms
    const failing = sessions(async () => {
      throw new Error('database down');
    });
    expect(await threads(async (vs) => vs.map(() => true), failing.fake).access.canAccess(viewer(ID), `session:${ID}`)).toBe(false);
  });
});
