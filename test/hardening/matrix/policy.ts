import { Outcome, Row, VIEWERS, ViewerKey, World } from './world';

/**
 * The shape of the policy table and its vocabulary. Every row is written by hand from the
 * client contract (../shared/CONTRACT.md) and the README's "Roles, sectors and visibility",
 * "Accounts", "Expert network", "Live sessions" and "Moderation" sections — never from what the
 * service answers.
 */

export interface Prepared {
  variables: Record<string, unknown>;
  /** The record whose presence a filtering read reports. */
  target?: string;
}

export interface Case {
  /** `Query.x` or `Mutation.x`, as in the schema. */
  operation: string;
  /** Several targets of one operation (e.g. the visibility scopes of a read). */
  variant?: string;
  document: string;
  /**
   * The variables of one cell. Called once per cell, so a mutation that changes its target builds
   * a fresh one (one viewer's success never changes the next one's outcome); shared targets come
   * from the world or from `shared`.
   */
  prepare: (w: World, viewer: ViewerKey, shared: any) => Promise<Prepared> | Prepared;
  /** Built once before the cells of this case (targets every viewer may share). */
  setup?: (w: World) => Promise<any>;
  /** For reads that filter rather than refuse: whether `target` is in the answer (VISIBLE / ABSENT). */
  present?: (data: any, target: string | undefined) => boolean;
  /** Whose token the `author` column sends (the owner of the target; default the world's author). */
  owner?: (w: World, shared: any) => string;
  expected: Row;
}

/**
 * Columns that are, unless a row says otherwise, another column: a topic MODERATOR acts as a
 * MODERATOR in its topics (those of every target) and as a MEMBER of its own sector (here none)
 * elsewhere (README, "Topic moderators").
 */
const AS: Partial<Record<ViewerKey, ViewerKey>> = { unverifiedADMIN: 'unverified', topicMODERATOR: 'MODERATOR', elsewhereMODERATOR: 'unaffiliated' };

/**
 * A row: `fill` for every viewer but those in `over`. An account made ADMIN before verifying its
 * email is, unless a row says otherwise, exactly the unverified column: it reads like anonymous
 * and contributes nothing "whatever its role"; only `@Roles` operations tell it why (`roles`).
 */
const row = (fill: Outcome, over: Partial<Row> = {}): Row => {
  const out = { ...(Object.fromEntries(VIEWERS.map((v) => [v, fill])) as Row), ...over };
  for (const [viewer, like] of Object.entries(AS) as [ViewerKey, ViewerKey][]) if (!(viewer in over)) out[viewer] = out[like];
  return out;
};

/** The same outcome for every viewer (public operations). */
export const everyone = (outcome: Outcome, over: Partial<Row> = {}): Row => row(outcome, over);

/** `@SignedIn()`: anonymous is UNAUTHENTICATED, a suspended account SUSPENDED; `outcome` for the rest. */
export const signedIn = (outcome: Outcome, over: Partial<Row> = {}): Row => row(outcome, { anonymous: 'UNAUTHENTICATED', suspended: 'SUSPENDED', ...over });

/** A contribution (post, vote, flag, ask, apply, request a membership): an unverified email may not. */
export const contributes = (over: Partial<Row> = {}): Row => signedIn('OK', { unverified: 'EMAIL_NOT_VERIFIED', ...over });

/**
 * `@Roles(...)`: the roles listed; FORBIDDEN for everyone else signed in (the unverified MEMBER
 * included); an ADMIN whose email is not verified is not one yet: EMAIL_NOT_VERIFIED.
 */
export const roles = (...allowed: ('ADMIN' | 'MODERATOR' | 'EXPERT')[]): Row =>
  signedIn('FORBIDDEN', { ...Object.fromEntries(allowed.map((r) => [r, 'OK'])), unverifiedADMIN: 'EMAIL_NOT_VERIFIED' });

/**
 * What concerns users rather than topics (suspensions, expert review): ADMIN and unrestricted
 * MODERATORs only, never a topic MODERATOR (the `@Roles` guard lets it through, the service refuses).
 */
export const staffOnUsers = (): Row => ({ ...roles('MODERATOR', 'ADMIN'), topicMODERATOR: 'FORBIDDEN' });

/**
 * Showing hidden content again: MODERATOR and ADMIN. A MODERATOR limited to other topics passes the
 * `@Roles` guard and is then a MEMBER for the target, who may not see hidden content: NOT_FOUND
 * ("NOT_FOUND for what that user may not see, FORBIDDEN for moderation").
 */
export const unhiding = (): Row => ({ ...roles('MODERATOR', 'ADMIN'), elsewhereMODERATOR: 'NOT_FOUND' });

/** The target's owner (author, host) and staff; FORBIDDEN for everyone else signed in. */
export const ownerOrStaff = (over: Partial<Row> = {}): Row => signedIn('FORBIDDEN', { author: 'OK', MODERATOR: 'OK', ADMIN: 'OK', ...over });

export type Scope = 'PUBLIC' | 'MEMBERS' | 'SECTORS';
export const SCOPES: Scope[] = ['PUBLIC', 'MEMBERS', 'SECTORS'];

/** Who may see content of a scope (SECTORS: restricted to GOVERNMENT, the author's sector). */
export const mayView = (scope: Scope, viewer: ViewerKey): boolean => {
  if (scope === 'PUBLIC') return true;
  if (viewer === 'anonymous' || viewer === 'unverified' || viewer === 'unverifiedADMIN' || viewer === 'suspended') return false;
  if (scope === 'MEMBERS') return true;
  return viewer === 'GOVERNMENT' || viewer === 'author' || viewer === 'MODERATOR' || viewer === 'topicMODERATOR' || viewer === 'ADMIN';
};

/** `yes` for the viewers who may see content of this scope, `no` for the others. */
export const scoped = (scope: Scope, yes: Outcome, no: Outcome): Row => row(no, Object.fromEntries(VIEWERS.filter((v) => mayView(scope, v)).map((v) => [v, yes])));

/** A filtering read of content of this scope: VISIBLE to those who may see it, ABSENT for the others. */
export const seen = (scope: Scope): Row => scoped(scope, 'VISIBLE', 'ABSENT');

/** A filtering read of hidden content: only MODERATOR and ADMIN see it (its author included, nobody else does). */
export const seenByStaff = (): Row => row('ABSENT', { MODERATOR: 'VISIBLE', ADMIN: 'VISIBLE' });

/**
 * An operation on content of this scope: `ok` (a row for content the viewer may see) where the
 * viewer may see it, NOT_FOUND where not (indistinguishable from content that does not exist);
 * anonymous, suspended and unverified keep the answer `ok` gives them (refused before the content).
 */
export const onContent = (scope: Scope, ok: Row): Row =>
  Object.fromEntries(
    VIEWERS.map((v) => [v, mayView(scope, v) || ['anonymous', 'suspended'].includes(v) || ok[v] === 'EMAIL_NOT_VERIFIED' ? ok[v] : 'NOT_FOUND']),
  ) as Row;
