import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Express middleware counting every answered HTTP request (one counter increment when it finishes). */
export function countHttpRequests(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const path = req.path;
    res.once('finish', () => metrics.countHttpRequest(req.method, path, res.statusCode));
    next();
  };
}
