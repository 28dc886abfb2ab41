import { Role } from '../access/roles';
import { Viewer } from '../access/viewer';
import { RoomAccessRegistry } from './room-access.registry';

const viewer = (id: string): Viewer => ({ id, role: Role.MEMBER, sector: null, organizationId: null, orgRole: null, suspendedUntil: null });
const ID = '5b0c2a7e-3f1d-4c55-9e8b-2f6a1d9c0b11';

describe('RoomAccessRegistry', () => {
  it('parses only known kinds with UUID ids (lower-cased)', () => {
    const registry = new RoomAccessRegistry();
    expect(registry.parse(`thread:${ID.toUpperCase()}`)).toEqual({ kind: 'thread', id: ID });
    for (const bad of ['thread', `thread:${ID}x`, `planet:${ID}`, `:${ID}`, 42, null, undefined, `thread:${ID}:extra`]) expect(registry.parse(bad)).toBeNull();
  });

  it('fails closed: unregistered kinds, failing checks and non-true answers refuse', async () => {
    const registry = new RoomAccessRegistry();
    expect(await registry.canAccess(viewer(ID), `thread:${ID}`)).toBe(false);
    registry.register('thread', async () => {
      throw new Error('database down');
    });
    expect(await registry.canAccess(viewer(ID), `thread:${ID}`)).toBe(false);
    registry.register('session', async () => 'yes' as unknown as boolean);
    expect(await registry.canAccess(viewer(ID), `session:${ID}`)).toBe(false);
  });

  it('lets a user into their own user room only', async () => {
    const registry = new RoomAccessRegistry();
    expect(await registry.canAccess(viewer(ID), `user:${ID}`)).toBe(true);
    expect(await registry.canAccess(viewer('00000000-0000-4000-8000-000000000000'), `user:${ID}`)).toBe(false);
    expect(await registry.canAccess(null, `user:${ID}`)).toBe(false);
  });

  it('canAccessMany: loops over the single check by default, uses a batched checker once registered, fails closed', async () => {
    const registry = new RoomAccessRegistry();
    const other = viewer('00000000-0000-4000-8000-000000000000');
    expect(await registry.canAccessMany([viewer(ID), other, null], `user:${ID}`)).toEqual([true, false, false]);
    expect(await registry.canAccessMany([viewer(ID)], `thread:${ID}`)).toEqual([false]); // nobody registered threads
    let singleCalls = 0;
    registry.register('thread', async () => ++singleCalls > 0);
    const batches: number[] = [];
    registry.registerMany('thread', async (viewers) => {
      batches.push(viewers.length);
      return viewers.map((v) => v?.id === ID);
    });
    expect(await registry.canAccessMany([viewer(ID), other, null], `thread:${ID}`)).toEqual([true, false, false]);
    expect(batches).toEqual([3]);
    expect(singleCalls).toBe(0);
    registry.registerMany('thread', async () => {
      throw new Error('database down');
    });
    expect(await registry.canAccessMany([viewer(ID), other], `thread:${ID}`)).toEqual([false, false]);
    expect(await registry.canAccessMany([viewer(ID)], 'thread:nope')).toEqual([false]);
  });
});
