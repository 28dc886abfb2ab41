import { applyKeyset, decodeCursor, encodeCursor, pageSize, toConnection } from './keyset';

describe('keyset pagination helpers', () => {
  it('round-trips cursors and refuses foreign ones', () => {
    const c = encodeCursor(['2026-01-01T00:00:00.000Z', 3, 'id-1']);
    expect(decodeCursor(c, 3)).toEqual(['2026-01-01T00:00:00.000Z', 3, 'id-1']);
    expect(() => decodeCursor(c, 2)).toThrow('cursor');
    expect(() => decodeCursor('%%%', 1)).toThrow('cursor');
  });

  it('refuses a forged cursor whose values do not fit the key types, before any SQL', () => {
    const qb = { orderBy: () => qb, addOrderBy: () => qb, andWhere: jest.fn(() => qb) } as any;
    const keys = [
      { expression: 't.pinned', direction: 'DESC' as const, value: () => null, cast: 'boolean' },
      { expression: 't.score', direction: 'DESC' as const, value: () => null, cast: 'int' },
      { expression: 't.at', direction: 'DESC' as const, value: () => null, cast: 'timestamptz' },
      { expression: 't.id', direction: 'DESC' as const, value: () => null, cast: 'uuid' },
    ];
    const id = '8698d882-2d16-46fb-aa2e-55578a2bb9f1';
    const at = '2026-11-27T06:00:00.000Z';
    for (const bad of [
      ['yes', 1, at, id],
      [true, 1e20, at, id],
      [true, 1.5, at, id],
      [true, 1, 'garbage', id],
      [true, 1, at, 'not-a-uuid'],
      [true, 1, at, null],
    ]) {
      expect(() => applyKeyset(qb, keys, encodeCursor(bad as any))).toThrow('cursor');
    }
    expect(qb.andWhere).not.toHaveBeenCalled();
    applyKeyset(qb, keys, encodeCursor([true, 3, at, id]));
    expect(qb.andWhere).toHaveBeenCalledTimes(1);
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
    expect(conn.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: conn.edges[0].cursor, endCursor: conn.edges[1].cursor });
    expect(decodeCursor(conn.pageInfo.endCursor!, 1)).toEqual(['b']);
  });

  it('a page asked for after a cursor has items before it; an empty page has no cursors', () => {
    const keys = [{ expression: 'x.id', direction: 'ASC' as const, value: (r: { id: string }) => r.id }];
    const next = toConnection([{ id: 'c' }], keys, 2, async () => 3, undefined, 'WyJiIl0');
    expect(next.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: next.edges[0].cursor, endCursor: next.edges[0].cursor });
    const empty = toConnection([], keys, 2, async () => 0);
    expect(empty.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });
});
