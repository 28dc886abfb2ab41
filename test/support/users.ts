import { randomBytes } from 'node:crypto';
import { TestApp } from './test-app';

export interface TestUser {
  id: string;
  handle: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id handle } } }`;

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
