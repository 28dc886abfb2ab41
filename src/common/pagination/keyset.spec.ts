import { decodeCursor, encodeCursor, pageSize, toConnection } from './keyset';

describe('keyset pagination helpers', () => {
  it('round-trips cursors and refuses foreign ones', () => {
    const c = encodeCursor(['2026-01-01T00:00:00.000Z', 3, 'id-1']);
    expect(decodeCursor(c, 3)).toEqual(['2026-01-01T00:00:00.000Z', 3, 'id-1']);
    expect(() => decodeCursor(c, 2)).toThrow('cursor');
    expect(() => decodeCursor('%%%', 1)).toThrow('cursor');
  });

  it('enforces first: default 20, 0..100', () => {
    expect(pageSize({})).toBe(20);
    expect(pageSize({ first: 0 })).toBe(0);
    expect(pageSize({ first: 100 })).toBe(100);
    expect(() => pageSize({ first: 101 })).toThrow(/between 0 and 100/);
    expect(() => pageSize({ first: -1 })).toThrow(/between 0 and 100/);
  });

  it('builds a connection from first + 1 rows', async () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const conn = toConnection(rows, [{ expression: 'x.id', direction: 'ASC', value: (r) => r.id }], 2, async () => 3);
    expect(conn.edges.map((e) => e.node.id)).toEqual(['a', 'b']);
    expect(conn.pageInfo).toEqual({ hasNextPage: true, endCursor: conn.edges[1].cursor });
    expect(decodeCursor(conn.pageInfo.endCursor!, 1)).toEqual(['b']);
  });
});
