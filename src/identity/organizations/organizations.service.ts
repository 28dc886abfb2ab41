import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sector } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { AuditService } from '../../platform/audit/audit.service';
import { ConflictError, NotFoundError } from '../../platform/errors/domain-errors';
import { uniqueViolation } from '../../platform/errors/pg-errors';
import { isUuid } from '../../platform/validation/uuid';
import { byKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { Connection, ConnectionArgs } from '../../platform/graphql/pagination/connection.types';
import { KeysetKey, paginate } from '../../platform/graphql/pagination/keyset';
import { CreateOrganizationInput } from './dto/create-organization.input';
import { OrganizationEntity } from './organization.entity';
import { Organization } from './organization.type';
import { NodeLoader } from '../../platform/graphql/node-loaders';
import { cleanDisplayText } from '../../platform/validation/display-text';

const ORDER: KeysetKey<OrganizationEntity>[] = [
  { expression: 'o.name', direction: 'ASC', value: (o) => o.name, cast: 'text' },
  { expression: 'o.id', direction: 'ASC', value: (o) => o.id, cast: 'uuid' },
];

/** Escapes LIKE wildcards in user search text. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(filter: { sector?: Sector | null; search?: string | null }, args: ConnectionArgs): Promise<Connection<Organization>> {
    const qb = this.dataSource.getRepository(OrganizationEntity).createQueryBuilder('o');
    if (filter.sector) qb.andWhere('o.sector = :sector', { sector: filter.sector });
    const search = filter.search?.trim();
    if (search) {
      qb.andWhere(`(o.name ILIKE :q ESCAPE '\\' OR o.acronym ILIKE :q ESCAPE '\\')`, { q: `%${likeEscape(search)}%` });
    }
    return paginate(qb, ORDER, args, Organization.fromEntity);
  }

  async findById(id: string): Promise<OrganizationEntity | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(OrganizationEntity).findOne({ where: { id } });
  }

  /** Batched organization lookup for field resolvers. */
  load(loaders: LoaderRegistry, id: string): Promise<Organization | null> {
    return this.loader(loaders).load(id);
  }

  /** Hands the request's organization loader an organization another query already read (`Organization.columnsSql`). */
  prime(loaders: LoaderRegistry, organization: Organization): void {
    this.loader(loaders).prime(organization.id, organization);
  }

  private loader(loaders: LoaderRegistry) {
    return loaders.get<string, Organization | null>('organization.byId', async (ids) => {
      const rows: Record<string, unknown>[] = await this.dataSource.query(`SELECT ${Organization.columnsSql('o')} FROM organizations o WHERE o.id = ANY($1::uuid[])`, [ids]);
      return byKey(ids, rows.map((r) => Organization.fromRow(r)), (o) => o.id);
    });
  }

  /** `node(id)`: organizations are public. */
  @NodeLoader('Organization')
  loadNode(loaders: LoaderRegistry, _viewer: unknown, id: string): Promise<Organization | null> {
    return isUuid(id) ? this.load(loaders, id) : Promise.resolve(null);
  }

  async create(actor: Viewer, input: CreateOrganizationInput): Promise<Organization> {
    const name = cleanDisplayText(input.name);
    const emailDomains = [...new Set(input.emailDomains ?? [])];
    try {
      return await this.dataSource.transaction(async (manager) => {
        const repo = manager.getRepository(OrganizationEntity);
        const clash = await repo.createQueryBuilder('o').where('lower(o.name) = lower(:name)', { name }).getExists();
        if (clash) throw new ConflictError(`An organization named "${name}" already exists.`);
        const saved = await repo.save(
          repo.create({
            name,
            acronym: input.acronym?.trim() || null,
            sector: input.sector,
            country: input.country ?? null,
            emailDomains,
            verified: true,
          }),
        );
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'organization.create',
          targetType: 'ORGANIZATION',
          targetId: saved.id,
          details: { name: saved.name, sector: saved.sector, country: saved.country },
        });
        return Organization.fromEntity(saved);
      });
    } catch (err) {
      if (uniqueViolation(err) === 'organizations_name_key') throw new ConflictError(`An organization named "${name}" already exists.`);
      throw err;
    }
  }

  /** NOT_FOUND unless the organization exists. */
  async require(id: string): Promise<OrganizationEntity> {
    const org = await this.findById(id);
    if (!org) throw new NotFoundError('The organization');
    return org;
  }
}
