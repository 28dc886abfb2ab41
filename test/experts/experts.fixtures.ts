import { randomBytes } from 'node:crypto';
import { GqlResult, TestApp } from '../support/test-app';
import { registerUser, TestUser } from '../support/users';

/** GraphQL documents of the expert network, shared by the specs of test/experts. */
export const PROFILE_FIELDS = `id status headline bio bioHtml language countries languages availableForQuestions
  answerCount acceptedAnswerCount reputation responsivenessMinutes reviewNote reviewedAt verifiedAt submittedAt
  user { id handle role } expertise { id slug }`;

export const APPLY = `mutation($input: ApplyAsExpertInput!) { applyAsExpert(input: $input) { ${PROFILE_FIELDS} } }`;

export const REVIEW = `mutation($userId: ID!, $approve: Boolean!, $note: String) {
  reviewExpert(userId: $userId, approve: $approve, note: $note) { ${PROFILE_FIELDS} } }`;

export const EXPERTS = `query($filter: ExpertFilter, $first: Int, $after: String) {
  experts(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id status reputation headline user { id handle } } } } }`;

export const APPLICATIONS = `query($status: ExpertStatus, $first: Int, $after: String) {
  expertApplications(status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status user { id } } } } }`;

export const SUGGESTED = `query($threadId: ID!, $first: Int) { suggestedExperts(threadId: $threadId, first: $first) { id user { id handle } } }`;

export const ASK = `mutation($threadId: ID!, $expertId: ID!) { askExpert(threadId: $threadId, expertId: $expertId) }`;

export const QUESTIONS_FOR_ME = `query($first: Int, $after: String) {
  questionsForMe(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id title lastActivityAt } } } }`;

export const ME_PROFILE = `{ me { id role expertProfile { ${PROFILE_FIELDS} } } }`;

export interface ExpertInput {
  headline?: string;
  bio?: string;
  topicIds: string[];
  countries?: string[];
  languages?: string[];
  language?: string | null;
  availableForQuestions?: boolean | null;
}

export function expertInput(input: ExpertInput): Record<string, unknown> {
  return {
    headline: `Field engineer ${randomBytes(3).toString('hex')}`,
    bio: 'Works with **small-scale miners** on mercury-free processing.',
    countries: [],
    languages: ['en'],
    ...input,
  };
}

export async function apply(t: TestApp, user: TestUser, input: ExpertInput): Promise<any> {
  return (await t.gqlOk(APPLY, { input: expertInput(input) }, user.accessToken)).applyAsExpert;
}

export function applyRaw(t: TestApp, user: TestUser, input: Record<string, unknown>): Promise<GqlResult> {
  return t.gql(APPLY, { input }, user.accessToken);
}

export async function review(t: TestApp, staffToken: string, userId: string, approve: boolean, note?: string | null): Promise<any> {
  return (await t.gqlOk(REVIEW, { userId, approve, note: note ?? null }, staffToken)).reviewExpert;
}

/** A fresh user with a VERIFIED expert profile (applied through the API, approved by `staffToken`). */
export async function verifiedExpert(t: TestApp, staffToken: string, prefix: string, input: ExpertInput): Promise<{ user: TestUser; profile: any }> {
  const user = await registerUser(t, prefix);
  await apply(t, user, input);
  const profile = await review(t, staffToken, user.id, true);
  return { user, profile };
}

/** Ids of a connection's nodes, in order. */
export const nodeIds = (conn: { edges: { node: { id: string } }[] }): string[] => conn.edges.map((e) => e.node.id);
