import { SetMetadata } from '@nestjs/common';
import { Role } from './roles';

export const ACCESS_KEY = 'asgm:access';

/**
 * What an operation requires. Every resolver method declares one of these; the global
 * AccessGuard enforces it and a committed snapshot lists them (test/access-snapshot).
 * - `Public()`: anyone, anonymous included (reads still filter by the access policy).
 * - `SignedIn()`: a signed-in user; suspended users get SUSPENDED.
 * - `Roles(...)`: a signed-in, non-suspended user with one of these roles.
 */
export type AccessRequirement = { kind: 'public' } | { kind: 'signedIn' } | { kind: 'roles'; roles: Role[] };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRequirement);
export const SignedIn = () => SetMetadata(ACCESS_KEY, { kind: 'signedIn' } satisfies AccessRequirement);
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRequirement);
