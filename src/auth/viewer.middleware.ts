import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ViewerCarrier } from '../access/viewer';
import { toDomainError } from '../common/errors/format-graphql-error';
import { ViewerService } from './viewer.service';

/**
 * Reads `Authorization: Bearer <accessToken>` once per HTTP request. No header: anonymous.
 * A bad, expired, forged or revoked token is refused with 401 and code UNAUTHENTICATED,
 * never silently downgraded to anonymous.
 */
@Injectable()
export class ViewerMiddleware implements NestMiddleware {
  constructor(private readonly viewers: ViewerService) {}

  async use(req: Request & ViewerCarrier, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization;
    if (!header) {
      req.viewer = null;
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    try {
      if (!match) throw new Error('malformed');
      req.viewer = await this.viewers.fromAccessToken(match[1]);
      next();
    } catch (err) {
      const domain = toDomainError(err);
      const code = domain?.code ?? 'UNAUTHENTICATED';
      const message = domain?.message ?? 'The Authorization header must be "Bearer <accessToken>".';
      res.status(code === 'UNAUTHENTICATED' ? 401 : 503).json({ errors: [{ message, extensions: { code, ...domain?.extensions } }] });
    }
  }
}
