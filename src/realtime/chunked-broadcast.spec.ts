import { ChunkedBroadcast, MAX_EVENTS_TOGETHER } from './chunked-broadcast';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ChunkedBroadcast', () => {
  function setup(size = 2) {
    const rooms = new Map<string, Set<string>>();
    const got = new Map<string, number[]>();
    const b = new ChunkedBroadcast<number>(
      (room) => rooms.get(room),
      (to, event) => {
        const ids = typeof to === 'string' ? [...(rooms.get(to) ?? [])] : to;
        for (const id of ids) got.set(id, [...(got.get(id) ?? []), event]);
      },
      { size, turnMs: 5 },
    );
    return { b, rooms, got };
  }

  it('sends a small room at once, a large one a chunk per event-loop turn, each socket every event once, in order', async () => {
    const { b, rooms, got } = setup(2);
    rooms.set('small', new Set(['a', 'b']));
    b.broadcast('small', 1);
    expect(got.get('a')).toEqual([1]);
    rooms.set('big', new Set(['c', 'd', 'e', 'f', 'g']));
    b.broadcast('big', 1);
    b.broadcast('big', 2);
    expect([...got.keys()].filter((k) => 'cdefg'.includes(k))).toEqual(['c', 'd']);
    while (b.pending) await turn();
    for (const id of 'cdefg') expect(got.get(id)).toEqual([1, 2]);
  });

  it('flush sends what is pending before a socket joins or leaves: a joiner gets nothing given before it joined, a leaver everything given before it left', async () => {
    const { b, rooms, got } = setup(2);
    rooms.set('r', new Set(['a', 'b', 'c', 'd']));
    b.broadcast('r', 1);
    b.flush('r');
    rooms.get('r')!.delete('d');
    rooms.get('r')!.add('x');
    b.broadcast('r', 2);
    while (b.pending) await turn();
    expect(got.get('d')).toEqual([1]);
    expect(got.get('x')).toEqual([2]);
    expect(got.get('a')).toEqual([1, 2]);
  });

  it('a socket gone from the room before its chunk gets nothing more', async () => {
    const { b, rooms, got } = setup(1);
    rooms.set('r', new Set(['a', 'b', 'c']));
    b.broadcast('r', 1);
    rooms.get('r')!.delete('c');
    while (b.pending) await turn();
    expect(got.get('c')).toBeUndefined();
    expect(got.get('b')).toEqual([1]);
  });

  it('turnMs 0 sends one chunk (of each event waiting together) per turn; every chunk sent after its broadcast returned is counted as deferred', async () => {
    const rooms = new Map([['r', new Set(['a', 'b', 'c', 'd', 'e'])]]);
    const sent: string[][] = [];
    let deferred = 0;
    const b = new ChunkedBroadcast<number>(
      (room) => rooms.get(room),
      (to) => sent.push(typeof to === 'string' ? [to] : to),
      { size: 2, turnMs: 0, deferred: (n) => (deferred += n) },
    );
    b.broadcast('r', 1);
    b.broadcast('r', 2);
    expect(sent).toEqual([['a', 'b']]);
    await turn();
    expect(sent).toHaveLength(2);
    expect(deferred).toBe(1);
    b.flush('r');
    // 3 chunks per event: 1 sent at once, 5 later (1 in a turn, 4 flushed)
    expect(sent).toHaveLength(6);
    expect(deferred).toBe(5);
    expect(b.pending).toBe(0);
  });

  it('events waiting together for a room go out together: each chunk of sockets gets all of them, in order, in one turn', async () => {
    const rooms = new Map([['r', new Set(['a', 'b', 'c', 'd', 'e', 'f'])]]);
    const turns: string[][] = [[]];
    const b = new ChunkedBroadcast<number>(
      (room) => rooms.get(room),
      (to, event) => turns[turns.length - 1].push(`${event}>${(to as string[]).join('')}`),
      { size: 2, turnMs: 0 },
    );
    const next = async () => {
      turns.push([]);
      await turn();
    };
    for (const event of [1, 2, 3, 4]) b.broadcast('r', event);
    await next();
    await next();
    // 5 is given while 2, 3 and 4 have reached their second chunk: it waits for its own turns
    await next();
    b.broadcast('r', 5);
    while (b.pending) await next();
    expect(turns.filter((t) => t.length)).toEqual([
      ['1>ab'],
      ['1>cd'],
      ['1>ef'],
      ['2>ab', '3>ab', '4>ab'],
      ['2>cd', '3>cd', '4>cd'],
      ['2>ef', '3>ef', '4>ef'],
      ['5>ab'],
      ['5>cd'],
      ['5>ef'],
    ]);
  });

  /** A room of 4 sockets in chunks of 2, one chunk per turn; what each turn sent, and the batches given to `together`. */
  function recording() {
    const rooms = new Map([['r', new Set(['a', 'b', 'c', 'd'])], ['q', new Set(['x', 'y', 'z'])]]);
    const turns: string[][] = [[]];
    const together: string[] = [];
    const b = new ChunkedBroadcast<number>(
      (room) => rooms.get(room),
      (to, event) => turns[turns.length - 1].push(`${event}>${(to as string[]).join('')}`),
      {
        size: 2,
        turnMs: 0,
        together: (ids, sendAll) => {
          const before = turns.flat().length;
          sendAll();
          together.push(`${ids.join('')}:${turns.flat().length - before}`);
        },
      },
    );
    const drain = async () => {
      while (b.pending) {
        turns.push([]);
        await turn();
      }
      return turns.filter((t) => t.length);
    };
    return { b, rooms, turns, together, drain };
  }

  it('batches go through `together`, at most MAX_EVENTS_TOGETHER events each; two rooms interleave, each in order', async () => {
    const { b, together, drain } = recording();
    const events = Array.from({ length: MAX_EVENTS_TOGETHER + 2 }, (_, i) => i + 1);
    for (const e of events) b.broadcast('r', e);
    b.broadcast('q', 100);
    b.broadcast('q', 101);
    const sent = (await drain()).flat();
    for (const id of 'abcd') {
      expect(sent.filter((s) => s.split('>')[1].includes(id)).map((s) => Number(s.split('>')[0]))).toEqual(events);
    }
    for (const id of 'xyz') expect(sent.filter((s) => s.split('>')[1].includes(id)).map((s) => Number(s.split('>')[0]))).toEqual([100, 101]);
    // r: 1 alone (started at once), 2..33 together (a chunk of sockets at a time), 34 alone; q: 100 alone, 101 alone
    expect(together).toEqual([`ab:${MAX_EVENTS_TOGETHER}`, `cd:${MAX_EVENTS_TOGETHER}`]);
  });

  it('a socket that joins without flush gets no event given before it joined, and every one after, in order', async () => {
    const { b, rooms, drain } = recording();
    for (const e of [1, 2, 3]) b.broadcast('r', e);
    rooms.get('r')!.add('e');
    b.joined('r');
    b.broadcast('r', 4);
    b.broadcast('r', 5);
    const sent = (await drain()).flat();
    const of = (id: string) => sent.filter((s) => s.split('>')[1].includes(id)).map((s) => Number(s.split('>')[0]));
    expect(of('e')).toEqual([4, 5]);
    expect(of('a')).toEqual([1, 2, 3, 4, 5]);
  });

  it('flush sends a room\'s batches at whatever point each is, in order, and leaves other rooms alone', async () => {
    const { b, rooms, drain } = recording();
    rooms.get('r')!.add('e').add('f');
    for (const e of [1, 2, 3]) b.broadcast('r', e);
    b.broadcast('q', 100);
    // 1 has gone to ab only (at once), 2 and 3 wait together; q's 100 went to xy at once
    b.flush('r');
    rooms.get('r')!.delete('a');
    b.broadcast('r', 4);
    const sent = (await drain()).flat();
    const of = (id: string) => sent.filter((s) => s.split('>')[1].includes(id)).map((s) => Number(s.split('>')[0]));
    expect(of('a')).toEqual([1, 2, 3]);
    for (const id of 'bcdef') expect(of(id)).toEqual([1, 2, 3, 4]);
    expect(of('z')).toEqual([100]);
  });

  it('a flush or a broadcast made while a chunk is being sent finds the queue whole', async () => {
    const rooms = new Map([['r', new Set(['a', 'b', 'c', 'd'])]]);
    const got = new Map<string, number[]>();
    let reenter: (() => void) | null = null;
    const b = new ChunkedBroadcast<number>(
      (room) => rooms.get(room),
      (to, event) => {
        for (const id of to as string[]) got.set(id, [...(got.get(id) ?? []), event]);
        const r = reenter;
        reenter = null;
        r?.();
      },
      { size: 2, turnMs: 0 },
    );
    b.broadcast('r', 1);
    b.broadcast('r', 2);
    // while 1 goes to cd: a flush (everything of r now), then a new event
    reenter = () => {
      b.flush('r');
      b.broadcast('r', 3);
    };
    while (b.pending) await turn();
    for (const id of 'abcd') expect(got.get(id)).toEqual([1, 2, 3]);
  });

  it('a send that throws loses its chunk only; it is reported and the queue goes on', async () => {
    const rooms = new Map([['r', new Set(['a', 'b', 'c', 'd'])]]);
    const got = new Map<string, number[]>();
    let fail = false;
    const failures: string[] = [];
    const b = new ChunkedBroadcast<number>(
      (room) => rooms.get(room),
      (to, event) => {
        if (fail) {
          fail = false;
          throw new Error('send failed');
        }
        for (const id of to as string[]) got.set(id, [...(got.get(id) ?? []), event]);
      },
      { size: 2, turnMs: 0, failed: (err) => failures.push((err as Error).message) },
    );
    b.broadcast('r', 1);
    b.broadcast('r', 2);
    fail = true;
    while (b.pending) await turn();
    expect(failures).toEqual(['send failed']);
    expect(got.get('a')).toEqual([1, 2]);
    expect(got.get('c')).toEqual([2]);
  });
});
