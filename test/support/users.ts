import { randomBytes } from 'node:crypto';
import { LOGIN, REGISTER } from './documents';
import { TestApp } from './test-app';

export interface TestUser {
  id: string;
  handle: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** Registers a fresh user through the public API. */
export async function registerUser(t: TestApp, prefix = 'user'): Promise<TestUser> {
  const suffix = randomBytes(4).toString('hex');
  const handle = `${prefix}-${suffix}`.toLowerCase().slice(0, 30);
  const email = `${handle}@example.org`;
  const password = `pw-${suffix}-long-enough`;
  const data = await t.gqlOk<{ register: { accessToken: string; refreshToken: string; user: { id: string } } }>(REGISTER, {
    input: { email, password, displayName: `Test ${handle}`, handle },
  });
  return { id: data.register.user.id, handle, email, password, accessToken: data.register.accessToken, refreshToken: data.register.refreshToken };
}

export const TEST_ADMIN = { email: 'admin@example.org', password: 'admin-password-123' };

/** Env for startTestApp that creates the bootstrap admin. */
export const withAdmin = (env: Record<string, string | undefined> = {}) => ({ ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password, ...env });

/** Logs in an existing account through the public API. */
export async function login(t: TestApp, email: string, password: string): Promise<{ id: string; accessToken: string; refreshToken: string }> {
  const data = await t.gqlOk<{ login: { accessToken: string; refreshToken: string; user: { id: string } } }>(
    LOGIN,
    { input: { email, password } },
  );
  return { id: data.login.user.id, accessToken: data.login.accessToken, refreshToken: data.login.refreshToken };
}
