/** A JSON POST over node:http with a bounded keep-alive pool (open-loop senders must not open a socket per request). */
import { Agent, request } from 'node:http';

export function jsonPoster(maxSockets = 64) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const post = (url, payload, headers = {}, retried = false) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(payload);
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          }
        });
      });
      req.on('error', (err) => {
        // A pooled socket the server closed as idle just as it was reused (the race Node's docs
        // describe for keep-alive agents): the request never reached the server; send it again once.
        if (!retried && req.reusedSocket && err.code === 'ECONNRESET') resolve(post(url, payload, headers, true));
        else reject(err);
      });
      req.end(body);
    });
  return { post: (url, payload, headers) => post(url, payload, headers), close: () => agent.destroy() };
}
