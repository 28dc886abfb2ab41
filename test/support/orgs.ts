import { randomBytes } from 'node:crypto';
import { CREATE_ORGANIZATION, DECIDE_MEMBERSHIP, REQUEST_MEMBERSHIP } from './documents';
import { TestApp } from './test-app';
import { login, TEST_ADMIN } from './users';

/** GraphQL sector names: GOVERNMENT | IGO | NGO | ACADEMIA | PRIVATE_SECTOR. */
export type SectorName = 'GOVERNMENT' | 'IGO' | 'NGO' | 'ACADEMIA' | 'PRIVATE_SECTOR';

export interface TestOrganization {
  id: string;
  name: string;
  sector: SectorName;
}

export interface TestMembership {
  organizationId: string;
  membershipId: string;
}

/** Access token of the bootstrap admin (the app must be started with `withAdmin()`). */
export async function adminToken(t: TestApp): Promise<string> {
  return (await login(t, TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
}

/** Creates an organization as ADMIN through the API (unique name unless given). */
export async function createOrganization(
  t: TestApp,
  adminAccessToken: string,
  sector: SectorName,
  overrides: { name?: string; acronym?: string | null; country?: string | null; emailDomains?: string[] } = {},
): Promise<TestOrganization> {
  const name = overrides.name ?? `Test ${sector} organization ${randomBytes(4).toString('hex')}`;
  const data = await t.gqlOk<{ createOrganization: TestOrganization }>(
    CREATE_ORGANIZATION,
    { input: { name, sector, acronym: overrides.acronym ?? null, country: overrides.country ?? null, emailDomains: overrides.emailDomains ?? [] } },
    adminAccessToken,
  );
  return data.createOrganization;
}

/** Requests membership of an organization as `user` and approves it as ADMIN (optionally as ORG_ADMIN). */
export async function joinOrganization(
  t: TestApp,
  adminAccessToken: string,
  user: { accessToken: string },
  organizationId: string,
  orgRole: 'MEMBER' | 'ORG_ADMIN' = 'MEMBER',
): Promise<TestMembership> {
  const requested = await t.gqlOk<{ requestMembership: { id: string } }>(REQUEST_MEMBERSHIP, { id: organizationId }, user.accessToken);
  const membershipId = requested.requestMembership.id;
  await t.gqlOk(DECIDE_MEMBERSHIP, { id: membershipId, approve: true, orgRole }, adminAccessToken);
  return { organizationId, membershipId };
}

/**
 * Gives `user` a sector: creates a fresh organization of that sector as ADMIN, requests
 * membership as the user and approves it as ADMIN, all through the public API. The user's
 * existing access token keeps working and carries the new sector from the next request on.
 */
export async function joinSector(
  t: TestApp,
  adminAccessToken: string,
  user: { accessToken: string },
  sector: SectorName,
  orgRole: 'MEMBER' | 'ORG_ADMIN' = 'MEMBER',
): Promise<TestMembership> {
  const org = await createOrganization(t, adminAccessToken, sector);
  return joinOrganization(t, adminAccessToken, user, org.id, orgRole);
}
