/**
 * GraphQL documents used by more than one spec or fixture. A spec that probes a selection or a
 * literal argument of its own keeps that document beside its assertions.
 */

// ---- identity: accounts, organizations, memberships, roles --------------------------------

export const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id handle } } }`;

export const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id } } }`;

export const CREATE_ORGANIZATION = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name acronym sector country emailDomains verified memberCount } }`;

export const REQUEST_MEMBERSHIP = `mutation($id: ID!) { requestMembership(organizationId: $id) { id status orgRole user { id } organization { id } } }`;

/** `$orgRole` is optional (MEMBER when approving without it). */
export const DECIDE_MEMBERSHIP = `mutation($id: ID!, $approve: Boolean!, $orgRole: OrgRole) {
  decideMembership(membershipId: $id, approve: $approve, orgRole: $orgRole) { id status orgRole decidedAt organization { id memberCount } } }`;

export const SET_USER_ROLE = `mutation($id: ID!, $role: Role!) { setUserRole(userId: $id, role: $role) { id role } }`;

// ---- forum: topics, threads, posts ------------------------------------------------------------

export const THREAD_FIELDS = `id kind title body bodyHtml tags language answered locked pinned hidden postCount score lastActivityAt createdAt editedAt
  visibility { scope sectors } author { id handle } topic { id slug } acceptedAnswer { id }`;

export const POST_FIELDS = `id body bodyHtml score viewerVote accepted deleted hidden createdAt editedAt parent { id } author { id } thread { id }`;

export const CREATE_TOPIC = `mutation($input: CreateTopicInput!) { createTopic(input: $input) { id slug name description parent { slug } children { id } threadCount } }`;

export const CREATE_THREAD = `mutation($input: CreateThreadInput!) { createThread(input: $input) { ${THREAD_FIELDS} } }`;

/** `$w`: true to watch, false to stop watching. */
export const WATCH_THREAD = `mutation($id: ID!, $w: Boolean!) { watchThread(threadId: $id, watching: $w) { id viewerWatching } }`;

export const POST_REPLY = `mutation($input: PostReplyInput!) { postReply(input: $input) { ${POST_FIELDS} } }`;

export const EDIT_POST = `mutation($id: ID!, $body: String!) { editPost(id: $id, body: $body) { ${POST_FIELDS} revisions { version body createdAt editedAt editor { id } } } }`;

/** `$v`: 1, -1, or 0 to withdraw the vote. */
export const VOTE_POST = `mutation($id: ID!, $v: Int!) { votePost(postId: $id, value: $v) { id score viewerVote } }`;

export const ACCEPT_ANSWER = `mutation($id: ID!) { acceptAnswer(postId: $id) { id answered acceptedAnswer { id accepted author { id } } } }`;
