import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'ADMIN',
  MODERATOR = 'MODERATOR',
  EXPERT = 'EXPERT',
  MEMBER = 'MEMBER',
}

export enum Sector {
  GOVERNMENT = 'GOVERNMENT',
  IGO = 'IGO',
  NGO = 'NGO',
  ACADEMIA = 'ACADEMIA',
  PRIVATE_SECTOR = 'PRIVATE_SECTOR',
}

/** A member's role in their organization: ORG_ADMINs decide its membership requests. */
export enum OrgRole {
  MEMBER = 'MEMBER',
  ORG_ADMIN = 'ORG_ADMIN',
}

export enum VisibilityScope {
  PUBLIC = 'PUBLIC',
  MEMBERS = 'MEMBERS',
  SECTORS = 'SECTORS',
}

registerEnumType(Role, { name: 'Role', description: 'Platform role. EXPERT is granted by expert review; ADMIN and MODERATOR by an admin.' });
registerEnumType(Sector, { name: 'Sector', description: 'Sector of an organization; a user has the sector of their APPROVED membership.' });
registerEnumType(VisibilityScope, { name: 'VisibilityScope' });

/** Roles that see every item regardless of visibility (and hidden content). */
export const STAFF_ROLES: readonly Role[] = [Role.ADMIN, Role.MODERATOR];

export const isStaff = (role: Role | null | undefined): boolean => !!role && STAFF_ROLES.includes(role);
