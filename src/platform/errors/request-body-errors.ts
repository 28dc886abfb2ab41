import type { NextFunction, Request, Response } from 'express';

/**
 * Express error middleware for the body parser: a body that is too large or not JSON gets
 * a GraphQL-shaped answer with a contract code instead of a bare HTTP error.
 */
export function requestBodyErrors(err: { type?: string; status?: number; limit?: number } | undefined, _req: Request, res: Response, next: NextFunction): void {
  if (!err) return next();
  if (err.type === 'entity.too.large') {
    res.status(413).json({ errors: [{ message: `The request body is larger than ${err.limit} bytes.`, extensions: { code: 'BAD_USER_INPUT' } }] });
    return;
  }
  if (err.type === 'entity.parse.failed' || err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_USER_INPUT' } }] });
    return;
  }
  next(err);
}
