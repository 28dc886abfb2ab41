import { DataSource } from 'typeorm';
import { MIGRATIONS_GLOB, typeormOptions } from '../../src/platform/database/typeorm-options';
import { runMigrations } from '../../src/platform/database/migrate';
import { topicId } from '../support/forum';
import { adminToken } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { withAdmin } from '../support/users';
import { MESSAGES, schedule, SEND, START } from './live.fixtures';

/**
 * Migration LiveMessageSeqNotNull on a database holding messages without a seq (as an intermediate
 * version of issue 17's work could leave them): one whose `live.message` event is stored gets that
 * event's seq, one without an event (never shown) is deleted, and then the column is NOT NULL.
 */
describe('live sessions: migration making live_messages.seq required (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false' }));
  });

  afterAll(async () => {
    await t?.close();
  });

  async function withMigrations<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const dataSource = await new DataSource({ ...typeormOptions(t.db.url, 2, true), migrations: [MIGRATIONS_GLOB] }).initialize();
    try {
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  it('back-fills the seq from the stored event, deletes a message that has none, then requires the column', async () => {
    const admin = await adminToken(t);
    const s = await schedule(t, admin, await topicId(t));
    await t.gqlOk(START, { id: s.id }, admin);
    const sent = [];
    for (const body of ['first', 'second', 'third']) sent.push((await t.gqlOk<any>(SEND, { s: s.id, body }, admin)).sendLiveMessage);

    // back to the schema before the migration, with two messages as an unpublished send left them
    await withMigrations((ds) => ds.undoLastMigration({ transaction: 'each' }));
    expect((await t.db.query<{ name: string }>(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))[0].name).not.toBe('LiveMessageSeqNotNull1795940000000');
    await t.db.query(`UPDATE live_messages SET seq = NULL WHERE id = ANY($1::uuid[])`, [[sent[1].id, sent[2].id]]);
    await t.db.query(`DELETE FROM room_events WHERE room = $1 AND seq = $2`, [`session:${s.id}`, sent[2].seq]);

    expect(await withMigrations((ds) => runMigrations(ds))).toEqual(['LiveMessageSeqNotNull1795940000000']);
    const rows = await t.db.query<{ id: string; seq: number }>(`SELECT id, seq::int AS seq FROM live_messages WHERE session_id = $1 ORDER BY seq`, [s.id]);
    expect(rows).toEqual([
      { id: sent[0].id, seq: sent[0].seq },
      { id: sent[1].id, seq: sent[1].seq },
    ]);
    const [column] = await t.db.query<{ is_nullable: string }>(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'live_messages' AND column_name = 'seq'`);
    expect(column.is_nullable).toBe('NO');
    await expect(t.db.query(`UPDATE live_messages SET seq = NULL WHERE id = $1`, [sent[0].id])).rejects.toThrow(/null value/);
    expect((await t.gqlOk<any>(MESSAGES, { id: s.id }, admin)).liveSession.messages.map((m: any) => m.body)).toEqual(['first', 'second']);
  });
});
