import { createServer, Server, Socket, connect, NetConnectOpts } from 'node:net';

/**
 * A loopback TCP proxy that a test can cut and restore, to simulate a lost database; it can
 * also turn silent (`blackhole`: connections stay open, every packet is dropped both ways, as
 * when a network drops packets rather than refusing them) or slow (`latencyMs` added to every
 * chunk in each direction).
 */
export class TcpProxy {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  private silent = false;
  port = 0;
  /** Added to every chunk, each way. */
  latencyMs = 0;

  /** `target`: a host and port, or a Unix socket's path. */
  constructor(private readonly target: NetConnectOpts) {}

  /**
   * A proxy in front of a PostgreSQL URL's server (a TCP host, or a Unix socket directory as
   * `pg` reads it: the embedded database), and the URL through the proxy (TCP on loopback).
   */
  static async inFrontOf(databaseUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
    const target = new URL(databaseUrl);
    const host = decodeURIComponent(target.hostname);
    const port = Number(target.port || 5432);
    const proxy = new TcpProxy(host.startsWith('/') ? { path: `${host}/.s.PGSQL.${port}` } : { host, port });
    await proxy.start();
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    return { proxy, url: url.toString() };
  }

  async start(port = 0): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      this.forward(client, upstream);
      this.forward(upstream, client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Drops every connection and refuses new ones until `start` is called again. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    this.server = null;
  }

  restore(): Promise<number> {
    return this.start(this.port);
  }

  /** From now on, every byte is dropped (both ways) and nothing is refused: a silent network. */
  blackhole(): void {
    this.silent = true;
  }

  /** Bytes flow again (what was dropped is lost: connections that lost bytes are broken). */
  heal(): void {
    this.silent = false;
  }

  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk) => {
      if (this.silent) return;
      if (this.latencyMs > 0) setTimeout(() => !this.silent && !to.destroyed && to.write(chunk), this.latencyMs);
      else if (!to.destroyed) to.write(chunk);
    });
  }
}

/** A TCP port free on loopback at the time of asking. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
