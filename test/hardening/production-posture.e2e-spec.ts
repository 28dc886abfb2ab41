import { startTestApp, TestApp } from '../support/test-app';

const INTROSPECTION = '{ __schema { queryType { name } types { name } } }';

async function post(t: TestApp, query: string): Promise<{ res: Response; json: any }> {
  const res = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { res, json: await res.json() };
}

/** Issue 14, "production posture": introspection and suggestions, security headers. */
describe('hardening: production posture (e2e)', () => {
  describe('NODE_ENV=production', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'fatal' });
    });

    afterAll(async () => {
      await t?.close();
    });

    it('refuses introspection and gives no field suggestions', async () => {
      const introspection = await post(t, INTROSPECTION);
      expect(introspection.json.data).toBeUndefined();
      expect(introspection.json.errors[0].message).toMatch(/introspection/i);
      const typo = await post(t, '{ topicz { slug } }');
      expect(typo.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(typo.json.errors[0].message).not.toMatch(/Did you mean/);
      // ordinary queries, and __typename, still work
      expect((await post(t, '{ __typename topics { slug } }')).json.errors).toBeUndefined();
    });

    it('does not serve the IDE (it needs introspection)', async () => {
      const res = await fetch(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
      expect(await res.text()).not.toContain('GraphQL IDE');
    });

    it('answers with security headers for an API and without X-Powered-By', async () => {
      const { res } = await post(t, '{ __typename }');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      const health = await fetch(`${t.baseUrl}/health/live`);
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
      expect(health.headers.get('x-powered-by')).toBeNull();
    });
  });

  it('GRAPHQL_INTROSPECTION=true turns introspection and suggestions back on in production', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'fatal', GRAPHQL_INTROSPECTION: 'true' });
    try {
      expect((await post(t, INTROSPECTION)).json.data.__schema.queryType.name).toBe('Query');
      expect((await post(t, '{ topicz { slug } }')).json.errors[0].message).toMatch(/Did you mean .*"topics"/);
    } finally {
      await t.close();
    }
  });

  it('keeps introspection on outside production, and with the IDE on', async () => {
    const t = await startTestApp({ GRAPHQL_IDE: 'true' });
    try {
      expect((await post(t, INTROSPECTION)).json.data.__schema.queryType.name).toBe('Query');
      const page = await fetch(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(await page.text()).toContain('GraphQL IDE');
    } finally {
      await t.close();
    }
  });
});
