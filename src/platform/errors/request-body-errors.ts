import type { NextFunction, Request, Response } from 'express';
import { sendGraphQLErrorAnswer } from '../http/pre-execution-error';

function answer(req: Request, res: Response, status: number, message: string): void {
  sendGraphQLErrorAnswer(req, res, { status, wellFormed: false, message, extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * Express error middleware for the body parser: a body that is too large (413) or not JSON
 * (400) gets a GraphQL-shaped answer with a contract code, in the media type the client
 * negotiated (`application/graphql-response+json` or `application/json`), so that GraphQL
 * clients report it as a GraphQL error instead of a bare HTTP error.
 */
export function requestBodyErrors(err: { type?: string; status?: number; limit?: number } | undefined, req: Request, res: Response, next: NextFunction): void {
  if (!err) return next();
  if (err.type === 'entity.too.large') return answer(req, res, 413, `The request body is larger than ${err.limit} bytes.`);
  if (err.type === 'entity.parse.failed' || err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return answer(req, res, 400, 'The request body is not valid JSON.');
  }
  next(err);
}
