import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, validate } from 'graphql';
import { createThread, topicId } from '../support/forum';
import { adminToken } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, withAdmin } from '../support/users';

/** The GraphQL documents of README's "Expert network" section, by operation name, in order. */
function expertSectionOperations(): Map<string, string> {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## Expert network');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const ops = new Map<string, string>();
  for (const m of section.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const name = /^(?:query|mutation)\s+(\w+)/m.exec(m[1])?.[1];
    if (name) ops.set(name, m[1]);
  }
  return ops;
}

describe('README: the expert network examples (e2e)', () => {
  let t: TestApp;
  const ops = expertSectionOperations();
  const op = (name: string) => {
    const doc = ops.get(name);
    if (!doc) throw new Error(`README's expert network section has no operation ${name}`);
    return doc;
  };

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
  });

  afterAll(async () => {
    await t?.close();
  });

  it('every document of the section is valid against the schema', () => {
    expect([...ops.keys()]).toEqual(['ApplyAsExpert', 'ReviewExpert', 'Experts', 'SuggestExperts', 'AskExpert', 'QuestionsForMe']);
    const schema = t.app.get(GraphQLSchemaHost).schema;
    for (const [name, doc] of ops) expect([name, validate(schema, parse(doc)).map((e) => e.message)]).toEqual([name, []]);
  });

  it('runs: apply, review, find, suggest, ask, questionsForMe', async () => {
    const admin = await adminToken(t);
    const expert = await registerUser(t, 'readme-x');
    const asker = await registerUser(t, 'readme-asker');
    const borax = await topicId(t, 'direct-smelting-borax');
    const applied = (
      await t.gqlOk(op('ApplyAsExpert'), {
        input: { headline: 'Borax smelting trainer for small-scale miners', bio: 'Ran **borax smelting** pilots in Ghana and Burkina Faso.', topicIds: [borax], countries: ['GH', 'BF'], languages: ['fr', 'en'] },
      }, expert.accessToken)
    ).applyAsExpert;
    expect(applied).toMatchObject({ status: 'PENDING', languages: ['fr', 'en'], countries: ['GH', 'BF'], expertise: [{ slug: 'direct-smelting-borax' }] });
    expect((await t.gqlOk(op('ReviewExpert'), { userId: expert.id }, admin)).reviewExpert).toMatchObject({ id: applied.id, status: 'VERIFIED', user: { role: 'EXPERT' } });
    const found = (await t.gqlOk(op('Experts'), { filter: { search: 'borax', language: 'fr', country: 'BF' } })).experts;
    expect(found.edges.map((e: any) => e.node.id)).toEqual([applied.id]);
    const thread = await createThread(t, asker.accessToken, { topicId: borax, title: 'Borax ratio for sulfide-rich concentrate?', language: 'fr', tags: ['burkina-faso'] });
    const suggested = (await t.gqlOk(op('SuggestExperts'), { threadId: thread.id }, asker.accessToken)).suggestedExperts;
    expect(suggested.map((s: any) => s.id)).toEqual([applied.id]);
    expect((await t.gqlOk(op('AskExpert'), { threadId: thread.id, expertId: applied.id }, asker.accessToken)).askExpert).toBe(true);
    const mine = (await t.gqlOk(op('QuestionsForMe'), {}, expert.accessToken)).questionsForMe;
    expect(mine.edges.map((e: any) => e.node.id)).toEqual([thread.id]);
  });
});
