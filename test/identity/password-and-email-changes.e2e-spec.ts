import { LOGIN } from '../support/documents';
import { errorCode } from '../support/forum';
import { startSmtp, TestSmtp } from '../support/smtp';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser } from '../support/users';
import { ACCOUNT, CHANGE_EMAIL, CHANGE_PASSWORD, REQUEST_RESET, RESET, RESET_MAIL, tokenMailedTo, VERIFY } from '../support/accounts';

const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const ME = `{ me { id ${ACCOUNT} } }`;

describe('accounts: password reset, password and email changes (e2e)', () => {
  let t: TestApp;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startSmtp();
    // no WEB_APP_URL: the mail gives the token as a code to paste
    t = await startTestApp({ REQUIRE_EMAIL_VERIFICATION: 'true', SMTP_URL: smtp.url, ACCOUNT_MAILS_PER_HOUR: '3' });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const signIn = (email: string, password: string) => t.gql(LOGIN, { input: { email, password } });

  it('requestPasswordReset answers alike for known and unknown addresses; only a known one gets mail', async () => {
    const user = await registerUser(t, 'rst-known');
    const known = await t.gql(REQUEST_RESET, { email: user.email.toUpperCase() });
    const unknown = await t.gql(REQUEST_RESET, { email: `nobody-${user.handle}@example.org` });
    expect(known).toEqual({ data: { requestPasswordReset: true } });
    expect(unknown).toEqual(known);
    const mail = await tokenMailedTo(smtp, user.email, { subject: RESET_MAIL });
    expect(mail.link).toBeNull();
    expect(smtp.mails.some((m) => m.to.includes(`nobody-${user.handle}@example.org`))).toBe(false);
  });

  it('requestPasswordReset mails an address at most ACCOUNT_MAILS_PER_HOUR times; later requests still answer true', async () => {
    const user = await registerUser(t, 'rst-cap');
    for (let i = 0; i < 5; i++) expect(await t.gqlOk(REQUEST_RESET, { email: user.email })).toEqual({ requestPasswordReset: true });
    await tokenMailedTo(smtp, user.email, { subject: RESET_MAIL });
    const resets = () => smtp.mails.filter((m) => m.to.includes(user.email) && RESET_MAIL.test(m.subject)).length;
    await smtp.until(() => resets() >= 3, 'three reset mails');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM account_tokens WHERE user_id = $1 AND purpose = 'RESET_PASSWORD'`, [user.id])).toEqual([{ n: 3 }]);
  });

  it('resetPassword sets the password, ends every session, works once, and verifies the email', async () => {
    const user = await registerUser(t, 'rst');
    const other = (await t.gqlOk(LOGIN, { input: { email: user.email, password: user.password } })).login;
    await t.gqlOk(REQUEST_RESET, { email: user.email });
    const { token } = await tokenMailedTo(smtp, user.email, { subject: RESET_MAIL });
    expect(errorCode(await t.gql(RESET, { token, pw: 'short' }))).toBe('BAD_USER_INPUT');
    expect(await t.gqlOk(RESET, { token, pw: 'a-brand-new-password' })).toEqual({ resetPassword: true });
    // every session ended: access and refresh tokens of both
    for (const session of [user, other]) {
      expect(errorCode(await t.gql('{ me { id } }', {}, session.accessToken))).toBe('UNAUTHENTICATED');
      expect(errorCode(await t.gql(REFRESH, { t: session.refreshToken }))).toBe('UNAUTHENTICATED');
    }
    expect(errorCode(await signIn(user.email, user.password))).toBe('UNAUTHENTICATED');
    const fresh = (await t.gqlOk(LOGIN, { input: { email: user.email, password: 'a-brand-new-password' } })).login;
    expect((await t.gqlOk(ME, {}, fresh.accessToken)).me.emailVerified).toBe(true);
    // single use
    const again = await t.gql(RESET, { token, pw: 'yet-another-password' });
    expect({ code: errorCode(again), field: again.errors?.[0].extensions.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'token' });
  });

  it('an expired reset link is refused', async () => {
    const user = await registerUser(t, 'rst-exp');
    await t.gqlOk(REQUEST_RESET, { email: user.email });
    const { token } = await tokenMailedTo(smtp, user.email, { subject: RESET_MAIL });
    await t.db.query(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND purpose = 'RESET_PASSWORD'`, [user.id]);
    expect(errorCode(await t.gql(RESET, { token, pw: 'a-brand-new-password' }))).toBe('BAD_USER_INPUT');
    expect((await signIn(user.email, user.password)).errors).toBeUndefined();
  });

  it('changePassword needs the current password; the other sessions end, this one stays', async () => {
    const user = await registerUser(t, 'chpw');
    const other = (await t.gqlOk(LOGIN, { input: { email: user.email, password: user.password } })).login;
    const wrong = await t.gql(CHANGE_PASSWORD, { cur: 'not-the-password', pw: 'a-brand-new-password' }, user.accessToken);
    expect({ code: errorCode(wrong), field: wrong.errors?.[0].extensions.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(await t.gqlOk(CHANGE_PASSWORD, { cur: user.password, pw: 'a-brand-new-password' }, user.accessToken)).toEqual({ changePassword: true });
    expect((await t.gqlOk(ME, {}, user.accessToken)).me.id).toBe(user.id);
    expect(errorCode(await t.gql('{ me { id } }', {}, other.accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await signIn(user.email, user.password))).toBe('UNAUTHENTICATED');
    expect((await signIn(user.email, 'a-brand-new-password')).errors).toBeUndefined();
  });

  it('changeEmail keeps the old address in force until the new one is verified', async () => {
    const user = await registerUser(t, 'chm');
    const first = await tokenMailedTo(smtp, user.email);
    await t.gqlOk(VERIFY, { token: first.token });
    const newEmail = `new-${user.handle}@example.org`;
    const asked = (await t.gqlOk(CHANGE_EMAIL, { email: newEmail.toUpperCase(), pw: user.password }, user.accessToken)).changeEmail;
    expect(asked).toMatchObject({ email: user.email, emailVerified: true, pendingEmail: newEmail });
    // the old address still signs in, and is told of the change
    expect((await signIn(user.email, user.password)).errors).toBeUndefined();
    await smtp.until((mails) => mails.some((m) => m.to.includes(user.email) && /change of your ASGM Exchange email address/.test(m.subject)), 'the notice');
    const link = await tokenMailedTo(smtp, newEmail);
    expect((await t.gqlOk(VERIFY, { token: link.token })).verifyEmail.id).toBe(user.id);
    expect((await t.gqlOk(ME, {}, user.accessToken)).me).toMatchObject({ email: newEmail, emailVerified: true, pendingEmail: null });
    expect(errorCode(await signIn(user.email, user.password))).toBe('UNAUTHENTICATED');
    expect((await signIn(newEmail, user.password)).errors).toBeUndefined();
  });

  it('changeEmail: CONFLICT for a taken address, BAD_USER_INPUT for a wrong password or a bad address', async () => {
    const user = await registerUser(t, 'chm-c');
    const other = await registerUser(t, 'chm-o');
    expect(errorCode(await t.gql(CHANGE_EMAIL, { email: other.email, pw: user.password }, user.accessToken))).toBe('CONFLICT');
    expect(errorCode(await t.gql(CHANGE_EMAIL, { email: 'free@example.org', pw: 'wrong-password' }, user.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(CHANGE_EMAIL, { email: 'not an address', pw: user.password }, user.accessToken))).toBe('BAD_USER_INPUT');
    expect((await t.gqlOk(ME, {}, user.accessToken)).me.pendingEmail).toBeNull();
  });

  it('a pending address taken by someone else before it is verified: CONFLICT, nothing changes', async () => {
    const user = await registerUser(t, 'chm-race');
    const wanted = `wanted-${user.handle}@example.org`;
    await t.gqlOk(CHANGE_EMAIL, { email: wanted, pw: user.password }, user.accessToken);
    const link = await tokenMailedTo(smtp, wanted);
    await t.gqlOk(`mutation($input: RegisterInput!) { register(input: $input) { user { id } } }`, {
      input: { email: wanted, password: 'long-enough-pw', displayName: 'Quick', handle: `q-${user.handle}`.slice(0, 30) },
    });
    expect(errorCode(await t.gql(VERIFY, { token: link.token }))).toBe('CONFLICT');
    expect((await t.gqlOk(ME, {}, user.accessToken)).me.email).toBe(user.email);
  });
});
