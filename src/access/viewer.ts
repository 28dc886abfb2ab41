import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { OrgRole, Role, Sector } from './roles';

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
}

export const isSuspended = (viewer: Pick<Viewer, 'suspendedUntil'> | null | undefined, now = new Date()): boolean =>
  !!viewer?.suspendedUntil && viewer.suspendedUntil.getTime() > now.getTime();

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
