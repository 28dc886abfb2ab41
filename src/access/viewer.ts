import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { isStaff, OrgRole, Role, Sector } from './roles';

/**
 * Who is asking, as the access policy sees them. Loaded fresh from the database for each
 * request (role, sector and suspension take effect at once). `null` means anonymous.
 */
export interface Viewer {
  id: string;
  role: Role;
  /** Sector of the organization of the user's APPROVED membership, else null. */
  sector: Sector | null;
  organizationId: string | null;
  /** Role in that organization (null without an approved membership). */
  orgRole: OrgRole | null;
  suspendedUntil: Date | null;
  /**
   * A topic-limited MODERATOR: the topics they moderate, subtrees expanded (`setModeratorTopics`).
   * Absent or null for every other viewer, an unrestricted MODERATOR included. In these topics
   * the moderator is staff; elsewhere the policy and the record rules treat them as a MEMBER.
   */
  topicScope?: ReadonlySet<string> | null;
  /**
   * False for an account whose email is not verified while REQUIRE_EMAIL_VERIFICATION is on: the
   * policy reads it like an anonymous one (PUBLIC only) and the record rules let it do nothing
   * but manage its own account. True (or absent) otherwise; ViewerService sets it.
   */
  emailVerified?: boolean;
  /** The login session (refresh-token family) of the request's access token, when there is one. */
  loginSessionId?: string | null;
}

/**
 * Where a viewer has staff powers: `'all'` for an ADMIN and an unrestricted MODERATOR, a set of
 * topic ids for a topic-limited MODERATOR, null for everyone else. Suspension is not looked at
 * here (the policy and the rules check it first).
 */
export type StaffScope = 'all' | ReadonlySet<string> | null;

export function staffScopeOf(viewer: Pick<Viewer, 'role' | 'topicScope'> | null | undefined): StaffScope {
  if (!viewer || !isStaff(viewer.role)) return null;
  return viewer.role === Role.MODERATOR && viewer.topicScope ? viewer.topicScope : 'all';
}

/** Whether a staff scope covers a record of topic `topicId` (null: a record without a topic, covered only by `'all'`). */
export const scopeCovers = (scope: StaffScope, topicId: string | null | undefined): boolean =>
  scope === 'all' || (scope !== null && !!topicId && scope.has(topicId));

export const isSuspended = (viewer: Pick<Viewer, 'suspendedUntil'> | null | undefined, now = new Date()): boolean =>
  !!viewer?.suspendedUntil && viewer.suspendedUntil.getTime() > now.getTime();

/** An account that must verify its email before it reads beyond PUBLIC or contributes anything. */
export const isUnverified = (viewer: Pick<Viewer, 'emailVerified'> | null | undefined): boolean => viewer?.emailVerified === false;

/** Where the viewer lives on the request object (HTTP) or socket data (socket.io). */
export interface ViewerCarrier {
  viewer?: Viewer | null;
}

export function viewerFromContext(context: ExecutionContext): Viewer | null {
  if (context.getType<string>() === 'graphql') {
    const gql = GqlExecutionContext.create(context).getContext<{ req?: ViewerCarrier }>();
    return gql.req?.viewer ?? null;
  }
  if (context.getType() === 'ws') return context.switchToWs().getClient<{ data?: ViewerCarrier }>().data?.viewer ?? null;
  return context.switchToHttp().getRequest<ViewerCarrier>().viewer ?? null;
}

/** Resolver parameter: the current Viewer, or null when anonymous. */
export const CurrentViewer = createParamDecorator((_data: unknown, context: ExecutionContext) => viewerFromContext(context));
