import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../../access/roles';
import { hashPassword } from './passwords';
import { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';

/**
 * With ADMIN_EMAIL and ADMIN_PASSWORD set, that account exists with role ADMIN at start:
 * created with that password, or promoted (its password is then left as it is). Its email counts
 * as verified: the operator vouches for it.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    // an existing account is only promoted: no password hash (argon2, deliberately slow) on a restart
    if (await this.promote(adminEmail)) return;
    const handle = await this.freeHandle(adminEmail.split('@')[0]);
    const created = await this.dataSource.query(
      `INSERT INTO users (email, handle, display_name, password_hash, role, email_verified_at)
       VALUES ($1, $2, $3, $4, 'ADMIN', now())
       ON CONFLICT (email) DO NOTHING
       RETURNING id`,
      [adminEmail, handle, 'Administrator', await hashPassword(adminPassword)],
    );
    if (created.length) {
      this.logger.log(`created admin account ${adminEmail}`);
      return;
    }
    // created meanwhile by another instance
    await this.promote(adminEmail);
  }

  /** Makes the account ADMIN (its email verified) if it exists; returns whether it exists. */
  private async promote(adminEmail: string): Promise<boolean> {
    const [found] = (await this.dataSource.query(`SELECT id FROM users WHERE email = $1`, [adminEmail])) as { id: string }[];
    if (!found) return false;
    await this.dataSource.query(
      `UPDATE users SET role = $2, email_verified_at = coalesce(email_verified_at, now()) WHERE email = $1 AND (role <> $2 OR email_verified_at IS NULL)`,
      [adminEmail, Role.ADMIN],
    );
    this.logger.log(`admin account ${adminEmail} present`);
    return true;
  }

  private async freeHandle(local: string): Promise<string> {
    const base = (local.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[-_]+/, '') || 'admin').padEnd(3, '0').slice(0, 24);
    for (let i = 0; ; i++) {
      const candidate = i === 0 ? base : `${base}-${i}`;
      const taken = await this.dataSource.query('SELECT 1 FROM users WHERE handle = $1', [candidate]);
      if (!taken.length) return candidate;
    }
  }
}
