import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EmailNotVerifiedError, ForbiddenError, SuspendedError, UnauthenticatedError } from '../platform/errors/domain-errors';
import { ACCESS_KEY, AccessRequirement } from './access.decorators';
import { isSuspended, isUnverified, viewerFromContext } from './viewer';

/**
 * Global guard (also on field resolvers): enforces the operation's declared requirement.
 * Operations without a declaration are public reads only when they are field resolvers;
 * a root Query/Mutation must declare itself (the access snapshot test checks it).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const requirement = this.reflector.getAllAndOverride<AccessRequirement | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!requirement || requirement.kind === 'public') return true;
    const viewer = viewerFromContext(context);
    if (!viewer) throw new UnauthenticatedError();
    if (isSuspended(viewer)) throw new SuspendedError(viewer.suspendedUntil);
    if (requirement.kind === 'roles' && !requirement.roles.includes(viewer.role)) {
      throw new ForbiddenError(`This requires the role ${requirement.roles.join(' or ')}.`);
    }
    // a role's powers wait for a verified email, as the policy's reading rights do
    if (requirement.kind === 'roles' && isUnverified(viewer)) throw new EmailNotVerifiedError();
    return true;
  }
}
