import { disablePreparedStatements, isPGliteVersion, prepared } from './prepared';

describe('prepared statements', () => {
  it('names a statement after its text: the same text, the same config; another text, another name', () => {
    const a = prepared('SELECT 1 WHERE $1::int > 0') as unknown as { text: string; name: string };
    expect(a).toMatchObject({ text: 'SELECT 1 WHERE $1::int > 0', name: expect.stringMatching(/^asgm_[0-9a-f]{20}$/) });
    expect(prepared('SELECT 1 WHERE $1::int > 0')).toBe(a);
    expect((prepared('SELECT 2 WHERE $1::int > 0') as unknown as { name: string }).name).not.toBe(a.name);
    // printed (logs, error messages), it is its text
    expect(`${a}`).toBe('SELECT 1 WHERE $1::int > 0');
    expect(String(a)).toBe('SELECT 1 WHERE $1::int > 0');
  });

  it('recognizes PGlite, and once disabled gives the plain text', () => {
    expect(isPGliteVersion('PostgreSQL 18.6 (PGlite 0.5.14) on wasm32-unknown-emscripten, compiled by emcc')).toBe(true);
    expect(isPGliteVersion('PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu')).toBe(false);
    disablePreparedStatements();
    expect(prepared('SELECT 1 WHERE $1::int > 0')).toBe('SELECT 1 WHERE $1::int > 0');
  });
});
