import { CHANGE_EMAIL, CHANGE_PASSWORD, REQUEST_RESET, RESEND, RESET, RESET_MAIL, tokenMailedTo, VERIFICATION_MAIL, VERIFY } from '../../support/accounts';
import { LOGIN, REGISTER, REQUEST_MEMBERSHIP } from '../../support/documents';
import { APPLY, expertInput, REVIEW } from '../../experts/experts.fixtures';
import { createOrganization } from '../../support/orgs';
import { Case, contributes, everyone, roles, signedIn, staffOnUsers } from './policy';
import { newAccount, unique, ViewerKey, World } from './world';

/**
 * Mutations of identity (accounts, sessions, organizations, roles) and of the expert network.
 * Public ones (register, login, reset …) answer alike whoever asks; the account's own
 * (changeEmail, changePassword, notification settings, resend) are open to an unverified account.
 */

/** A fresh refresh token of the login target (a session nobody else uses). */
const freshRefresh = async (w: World) => (await w.t.gqlOk(LOGIN, { input: { email: w.users.loginTarget.email, password: w.users.loginTarget.password } })).login.refreshToken;

const passwordOf = (w: World, v: ViewerKey) => w.accounts[v]?.password ?? 'not-a-password-at-all';

export const IDENTITY_WRITES: Case[] = [
  {
    operation: 'Mutation.applyAsExpert',
    document: APPLY,
    // a VERIFIED expert applying again keeps its verification
    prepare: (w) => ({ variables: { input: expertInput({ topicIds: [w.topics.writes] }) } }),
    expected: contributes(),
  },
  {
    operation: 'Mutation.changeEmail',
    document: CHANGE_EMAIL,
    // the new address stays pending until verified: the account keeps its email
    prepare: (w, v) => ({ variables: { email: `${unique('new')}@example.org`, pw: passwordOf(w, v) } }),
    expected: signedIn('OK'),
  },
  {
    operation: 'Mutation.changePassword',
    document: CHANGE_PASSWORD,
    // the same password again: the account is unchanged for the cells that follow
    prepare: (w, v) => ({ variables: { cur: passwordOf(w, v), pw: passwordOf(w, v) } }),
    expected: signedIn('OK'),
  },
  {
    operation: 'Mutation.createOrganization',
    document: `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
    prepare: () => ({ variables: { input: { name: `Matrix organization ${unique()}`, sector: 'NGO' } } }),
    expected: roles('ADMIN'),
  },
  {
    operation: 'Mutation.createTopic',
    document: `mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }`,
    prepare: () => ({ variables: { input: { name: `Matrix topic ${unique()}`, slug: unique('matrix-topic-') } } }),
    expected: roles('ADMIN'),
  },
  {
    operation: 'Mutation.decideMembership',
    document: `mutation($id: ID!) { decideMembership(membershipId: $id, approve: false) { id } }`,
    // a request of the applicant to a fresh organization; the applicant is the owner of the request
    setup: async (w) => ({ applicant: await newAccount(w.t, w.smtp, 'joiner') }),
    prepare: async (w, _v, s) => {
      const org = await createOrganization(w.t, w.admin.token, 'IGO');
      return { variables: { id: (await w.t.gqlOk(REQUEST_MEMBERSHIP, { id: org.id }, s.applicant.token)).requestMembership.id } };
    },
    owner: (_w, s) => s.applicant.token,
    // an ORG_ADMIN of the organization or an ADMIN; nobody decides their own request
    expected: signedIn('FORBIDDEN', { ADMIN: 'OK' }),
  },
  { operation: 'Mutation.login', document: LOGIN, prepare: (w) => ({ variables: { input: { email: w.users.loginTarget.email, password: w.users.loginTarget.password } } }), expected: everyone('OK') },
  { operation: 'Mutation.logout', document: `mutation($r: String!) { logout(refreshToken: $r) }`, prepare: async (w) => ({ variables: { r: await freshRefresh(w) } }), expected: everyone('OK') },
  { operation: 'Mutation.markNotificationsRead', document: `mutation { markNotificationsRead }`, prepare: () => ({ variables: {} }), expected: signedIn('OK') },
  {
    operation: 'Mutation.refreshSession',
    document: `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`,
    prepare: async (w) => ({ variables: { r: await freshRefresh(w) } }),
    expected: everyone('OK'),
  },
  { operation: 'Mutation.register', document: REGISTER, prepare: () => ({ variables: { input: registrationInput() } }), expected: everyone('OK') },
  {
    operation: 'Mutation.requestMembership',
    document: REQUEST_MEMBERSHIP,
    // a fresh organization nobody belongs to; at most one APPROVED membership: who holds one ends it first
    prepare: (w) => ({ variables: { id: w.orgs.open.id } }),
    expected: contributes({ GOVERNMENT: 'CONFLICT', IGO: 'CONFLICT', NGO: 'CONFLICT', ACADEMIA: 'CONFLICT', PRIVATE_SECTOR: 'CONFLICT', author: 'CONFLICT' }),
  },
  { operation: 'Mutation.requestPasswordReset', document: REQUEST_RESET, prepare: () => ({ variables: { email: `${unique('nobody')}@example.org` } }), expected: everyone('OK') },
  // a verified account is told false, an unverified one gets a new link
  { operation: 'Mutation.resendVerificationEmail', document: RESEND, prepare: () => ({ variables: {} }), expected: signedIn('OK') },
  {
    operation: 'Mutation.resetPassword',
    document: RESET,
    // a fresh account's reset link, followed by whoever holds it
    prepare: async (w) => {
      const input = registrationInput();
      await w.t.gqlOk(REGISTER, { input });
      await w.t.gqlOk(REQUEST_RESET, { email: input.email });
      const mail = await tokenMailedTo(w.smtp, input.email, { subject: RESET_MAIL });
      return { variables: { token: mail.token, pw: `pw-${unique()}-reset-long` } };
    },
    expected: everyone('OK'),
  },
  {
    operation: 'Mutation.reviewExpert',
    document: REVIEW,
    // one applicant: repeating the same decision changes nothing and answers the same
    setup: async (w) => {
      const applicant = await newAccount(w.t, w.smtp, 'candidate');
      await w.t.gqlOk(APPLY, { input: expertInput({ topicIds: [w.topics.writes] }) }, applicant.token);
      return { applicant: applicant.id };
    },
    prepare: (_w, _v, s) => ({ variables: { userId: s.applicant, approve: true, note: null } }),
    expected: staffOnUsers(),
  },
  {
    operation: 'Mutation.setMembershipRole',
    document: `mutation($id: ID!) { setMembershipRole(membershipId: $id, orgRole: MEMBER) { id } }`,
    prepare: (w) => ({ variables: { id: w.memberships.replier } }),
    expected: roles('ADMIN'),
  },
  {
    operation: 'Mutation.setModeratorTopics',
    document: `mutation($id: ID!) { setModeratorTopics(userId: $id, topicIds: []) { id } }`,
    prepare: (w) => ({ variables: { id: w.users.mod2.id } }),
    expected: roles('ADMIN'),
  },
  {
    operation: 'Mutation.setUserRole',
    document: `mutation($id: ID!) { setUserRole(userId: $id, role: MEMBER) { id } }`,
    prepare: (w) => ({ variables: { id: w.users.roleTarget.id } }),
    expected: roles('ADMIN'),
  },
  {
    operation: 'Mutation.updateNotificationSettings',
    document: `mutation { updateNotificationSettings(emailMode: INSTANT) { emailMode } }`,
    prepare: () => ({ variables: {} }),
    expected: signedIn('OK'),
  },
  {
    operation: 'Mutation.verifyEmail',
    document: VERIFY,
    // a fresh account's link, followed by whoever holds it
    prepare: async (w) => {
      const input = registrationInput();
      await w.t.gqlOk(REGISTER, { input });
      return { variables: { token: (await tokenMailedTo(w.smtp, input.email, { subject: VERIFICATION_MAIL })).token } };
    },
    expected: everyone('OK'),
  },
];

function registrationInput() {
  const handle = unique('reg');
  return { email: `${handle}@example.org`, password: `pw-${handle}-long-enough`, displayName: `Reg ${handle}`, handle };
}
