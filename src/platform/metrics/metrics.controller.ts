import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsService } from './metrics.service';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics`: Prometheus text format. With METRICS_TOKEN set it needs
 * `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); unset, it is open, for a scraper
 * inside the operator's network (keep /metrics off the public proxy then).
 */
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.token = config.metricsToken === null ? null : digest(config.metricsToken);
  }

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    if (this.token !== null) {
      const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
      // compared as digests: constant time whatever the length of what was sent
      if (!timingSafeEqual(digest(given), this.token)) {
        res.status(401).set('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('Unauthorized: /metrics needs Authorization: Bearer <METRICS_TOKEN>\n');
        return;
      }
    }
    const { contentType, body } = await this.metrics.scrape();
    // the registry's own content type, as is (Express would reorder its parameters)
    res.status(200).setHeader('cache-control', 'no-store');
    res.setHeader('content-type', contentType);
    res.end(body);
  }
}
