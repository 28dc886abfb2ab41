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

registerEnumType(Role, {
  name: 'Role',
  description: 'Platform role of a user, set by an ADMIN with `setUserRole` (EXPERT is also granted by expert review). Read on every request, so a change applies at once.',
  valuesMap: {
    ADMIN: { description: 'Runs the platform: everything a MODERATOR may, plus organizations, roles, topics and membership decisions in any organization.' },
    MODERATOR: {
      description:
        'Sees all content whatever its visibility (hidden content marked `hidden: true`) and may use the moderation operations. An ADMIN may limit a MODERATOR to some topics (`setModeratorTopics`): then only there, and a MEMBER everywhere else.',
    },
    EXPERT: { description: 'A verified expert: everything a MEMBER may, plus what the expert network grants (for example hosting live sessions).' },
    MEMBER: { description: 'Every registered account: reads PUBLIC and MEMBERS content (SECTORS content of its own sector), posts, and requests organization memberships.' },
  },
});
registerEnumType(Sector, {
  name: 'Sector',
  description: 'Sector of an organization; a user has the sector of their APPROVED membership (never self-declared).',
  valuesMap: {
    GOVERNMENT: { description: 'National or local government: ministries, agencies, regulators.' },
    IGO: { description: 'Intergovernmental organization (for example UNEP, UNIDO).' },
    NGO: { description: 'Non-governmental organization, including civil-society and miners\' associations.' },
    ACADEMIA: { description: 'Universities and research institutes.' },
    PRIVATE_SECTOR: { description: 'Companies: refiners, traders, equipment suppliers, consultancies.' },
  },
});
registerEnumType(VisibilityScope, {
  name: 'VisibilityScope',
  description: 'Who may see an item (a thread and its replies). Its author, MODERATORs and ADMINs always see it; a suspended account reads like an anonymous one. An item the viewer may not see is null or absent in queries and `NOT_FOUND` in mutations, exactly like one that does not exist.',
  valuesMap: {
    PUBLIC: { description: 'Anyone, anonymous callers included.' },
    MEMBERS: { description: 'Any signed-in user who is not suspended.' },
    SECTORS: { description: 'Signed-in users whose sector (from an APPROVED membership) is in `sectors`, plus the author, MODERATORs and ADMINs.' },
  },
});

/** Roles that see every item regardless of visibility (and hidden content). */
export const STAFF_ROLES: readonly Role[] = [Role.ADMIN, Role.MODERATOR];

export const isStaff = (role: Role | null | undefined): boolean => !!role && STAFF_ROLES.includes(role);
