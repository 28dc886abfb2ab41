import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { ARTIFACTS_DIR, launchBrowser } from '../support/browser';
import { readmeOperations } from '../support/readme';
import { startTestApp, TestApp } from '../support/test-app';

/** Sets the query and variables editors (CodeMirror), runs, and returns the parsed result pane. */
async function runInIde(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const before = await page.evaluate(() => (document.querySelector('.result-window .CodeMirror') as any)?.CodeMirror?.getValue() ?? '');
  await page.evaluate(
    (q, v) => {
      (document.querySelector('.graphiql-query-editor .CodeMirror') as any).CodeMirror.setValue(q);
      const editors = [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')] as any[];
      // the first editor tool is Variables (Headers is the second)
      editors[0].CodeMirror.setValue(v);
    },
    query,
    JSON.stringify(variables),
  );
  // GraphiQL re-reads the operation name from the editor after a short debounce
  await new Promise((resolve) => setTimeout(resolve, 400));
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(
    (prev) => {
      const value = (document.querySelector('.result-window .CodeMirror') as any)?.CodeMirror?.getValue() ?? '';
      return value !== '' && value !== prev && !/^\s*$/.test(value);
    },
    { timeout: 20_000 },
    before,
  );
  const text = await page.evaluate(() => (document.querySelector('.result-window .CodeMirror') as any).CodeMirror.getValue());
  return JSON.parse(text);
}

describe('the offline GraphQL IDE at GET /graphql, in headless Chromium (e2e)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('request', (r) => requested.push(r.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves GraphiQL from the service itself, with nothing fetched from elsewhere', async () => {
    const res = await page.goto(`${t.baseUrl}/graphql`, { waitUntil: 'networkidle0' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toMatch(/text\/html/);
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: 20_000 });
    expect(await page.title()).toBe('ASGM Exchange · GraphQL IDE');
    expect(requested.length).toBeGreaterThan(3);
    // (fonts come inline as data: URLs from GraphiQL's own stylesheet)
    expect(requested.filter((url) => !url.startsWith('data:') && !url.startsWith(t.baseUrl))).toEqual([]);
  });

  it('a GraphQL request without Accept: text/html still gets GraphQL (CSRF prevention on)', async () => {
    const get = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const simple = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(simple.status).toBe(400);
  });

  it('signs in (the token is kept for the tab and sent as Authorization) and runs the README sample session', async () => {
    const ops = readmeOperations();
    const register = await runInIde(page, ops.get('Register')!, {
      input: { email: 'ide@example.org', password: 'a-long-password-ide', displayName: 'IDE user', handle: 'ideuser' },
    });
    expect(register.data.register.user.handle).toBe('ideuser');
    await page.waitForFunction(() => document.getElementById('ide-signed-in')?.textContent?.startsWith('Signed in'));
    const me = await runInIde(page, '{ me { handle } }');
    expect(me).toEqual({ data: { me: { handle: 'ideuser' } } });

    const topic = (await runInIde(page, ops.get('Topic')!, { slug: 'retorts' })).data.topic;
    const asked = await runInIde(page, ops.get('Ask')!, {
      input: { kind: 'QUESTION', topicId: topic.id, title: 'Asked from the IDE: which retort?', body: 'A **retort** for small batches?', tags: ['retorts'], language: 'en' },
    });
    expect(asked.data.createThread.author.handle).toBe('ideuser');
    const thread = await runInIde(page, ops.get('Thread')!, { id: asked.data.createThread.id });
    expect(thread.data.thread.title).toBe('Asked from the IDE: which retort?');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'graphql-ide.png') });

    // Sign out forgets the token: the next request is anonymous
    await page.click('#ide-status button');
    expect(await runInIde(page, '{ me { handle } }')).toEqual({ data: { me: null } });
  });
});

describe('the IDE is off when GRAPHQL_IDE=false (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_IDE: 'false' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('serves no IDE page and no IDE assets', async () => {
    const page = await fetch(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphQL IDE');
    expect((await fetch(`${t.baseUrl}/graphql-ide/graphiql.min.js`)).status).toBe(404);
  });
});
