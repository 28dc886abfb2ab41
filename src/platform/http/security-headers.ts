import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of every answer: JSON for API clients, and the one HTML page
 * (the offline GraphQL IDE at `GET /graphql`, whose scripts and styles are served by this
 * service). Nothing may frame the service, load plugins, or send data elsewhere; GraphiQL
 * needs inline styles and `data:` images and fonts.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * Security headers (helmet) tuned for an API and its IDE page: `X-Content-Type-Options:
 * nosniff`, `X-Frame-Options: DENY` and `frame-ancestors 'none'`, the CSP above,
 * `Referrer-Policy: no-referrer`, HSTS, cross-origin opener and resource policies (the app
 * also disables Express's `X-Powered-By`). Cross-origin API calls are governed by CORS (CORS_ORIGINS), which these
 * headers leave alone.
 *
 * The header values never depend on the request, so helmet computes them once, on a recording
 * response at start, and each request only sets them: the cost per request is a few
 * `setHeader` calls.
 */
export function securityHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-site' },
    // headers for old browsers or other kinds of sites, left out to keep every answer small
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  middleware({} as Request, recorder as unknown as Response, () => undefined);
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
