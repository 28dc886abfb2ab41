import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

/**
 * Logging: JSON lines (pino) when stdout is not a terminal — what log shippers and alerting
 * read — and human-readable, coloured lines (pino-pretty) when a person watches a terminal.
 * `LOG_FORMAT=json|pretty` overrides the choice. Every HTTP request carries a request id
 * (`x-request-id`, taken from the request when well-formed, else generated and returned);
 * Authorization and cookies are redacted.
 */
export function loggerOptions(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): Params {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && !!process.stdout.isTTY);
  return {
    pinoHttp: {
      level: config.logLevel,
      ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // a request that failed is logged by the error formatter with its code; here at info,
      // 5xx at error (a fault), 4xx at info (the client's mistake, not the service's)
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
  };
}
