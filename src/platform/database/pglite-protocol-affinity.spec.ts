import { withProtocolAffinity } from './pglite-protocol-affinity';

/** A stand-in for PGlite: answers each message with two chunks written into one reused buffer (as PGlite's memory is reused). */
function fakeDb() {
  const scratch = new Uint8Array(8);
  const calls: string[] = [];
  const db = {
    inTransaction: false,
    isInTransaction(): boolean {
      return this.inTransaction;
    },
    async execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void> {
      const type = String.fromCharCode(message[0]);
      calls.push(type);
      for (const part of ['1', '2']) {
        scratch.set(Buffer.from(`${type}${part}`));
        options.onRawData(scratch.subarray(0, 2));
      }
    },
    async exec(_query: string): Promise<void> {
      calls.push('exec');
    },
  };
  return { db, calls };
}

const msg = (type: string) => Uint8Array.from([type.charCodeAt(0), 0, 0, 0, 4]);

describe('withProtocolAffinity', () => {
  it('answers an extended-protocol sequence in one piece, at its Sync, bytes in order', async () => {
    const { db } = fakeDb();
    const wrapped = withProtocolAffinity(db);
    const written: string[] = [];
    const onRawData = (data: Uint8Array) => void written.push(Buffer.from(data).toString());
    for (const type of ['P', 'B', 'D', 'E']) {
      await wrapped.execProtocolRawStream(msg(type), { onRawData });
      expect(written).toEqual([]);
      expect(wrapped.isInTransaction()).toBe(true);
    }
    await wrapped.execProtocolRawStream(msg('S'), { onRawData });
    expect(written).toEqual(['P1P2B1B2D1D2E1E2S1S2']);
    expect(wrapped.isInTransaction()).toBe(false);
  });

  it('a Flush delivers what is held without ending the sequence; a simple Query is one write', async () => {
    const { db } = fakeDb();
    const wrapped = withProtocolAffinity(db);
    const written: string[] = [];
    const onRawData = (data: Uint8Array) => void written.push(Buffer.from(data).toString());
    await wrapped.execProtocolRawStream(msg('P'), { onRawData });
    await wrapped.execProtocolRawStream(msg('H'), { onRawData });
    expect(written).toEqual(['P1P2H1H2']);
    expect(wrapped.isInTransaction()).toBe(true);
    await wrapped.execProtocolRawStream(msg('S'), { onRawData });
    await wrapped.execProtocolRawStream(msg('Q'), { onRawData });
    expect(written).toEqual(['P1P2H1H2', 'S1S2', 'Q1Q2']);
  });

  it('drops the answers held for a client that went away (the server rolls back with exec)', async () => {
    const { db, calls } = fakeDb();
    const wrapped = withProtocolAffinity(db);
    const gone: string[] = [];
    await wrapped.execProtocolRawStream(msg('P'), { onRawData: (d: Uint8Array) => void gone.push(Buffer.from(d).toString()) });
    await wrapped.exec('ROLLBACK');
    expect(wrapped.isInTransaction()).toBe(false);
    const next: string[] = [];
    await wrapped.execProtocolRawStream(msg('Q'), { onRawData: (d: Uint8Array) => void next.push(Buffer.from(d).toString()) });
    expect(next).toEqual(['Q1Q2']);
    expect(gone).toEqual([]);
    expect(calls).toEqual(['P', 'exec', 'Q']);
  });
});
