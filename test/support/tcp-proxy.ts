// A TCP proxy in front of the test database, to make it unreachable in the ways a network does:
// refuse connections (a stopped server), accept and never answer (a host that is gone or hung),
// or cut every open connection without telling the client, so that the pool's idle sockets are
// dead and the next query on one is reset (a restart behind NAT, a firewall or a load balancer).
import { createServer, type Server, Socket } from 'node:net';

export interface TcpProxy {
  /** The database URL, through the proxy. */
  url: string;
  /** Forward to the database (the start and the end of every outage). */
  forward(): Promise<void>;
  /** Stop listening: connections are refused. */
  refuse(): Promise<void>;
  /** Accept connections and never answer. */
  blackhole(): Promise<void>;
  /** Drop every open connection's far side silently: each client socket is reset on its next write. */
  cutAll(): void;
  /** Connections forwarded so far. */
  readonly opened: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  let mode: 'forward' | 'blackhole' = 'forward';
  let server: Server | null = null;
  let port = 0;
  let opened = 0;
  const pairs = new Set<{ client: Socket; upstream: Socket | null }>();

  const onConnection = (client: Socket) => {
    const pair: { client: Socket; upstream: Socket | null } = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => {});
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (mode === 'blackhole') return; // held open, never answered
    opened += 1;
    const upstream = new Socket();
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => {
      if (pair.upstream === upstream) client.destroy();
    });
    upstream.connect(targetPort, target.hostname);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer(onConnection);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const unlisten = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await listen();
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  const proxy: TcpProxy = {
    url: url.toString(),
    get opened() {
      return opened;
    },
    async forward() {
      mode = 'forward';
      if (!server) await listen();
    },
    async refuse() {
      // a stopped server closes its connections; server.close() waits for them
      const closing = unlisten();
      for (const p of pairs) p.client.destroy();
      await closing;
    },
    async blackhole() {
      mode = 'blackhole';
      if (!server) await listen();
    },
    cutAll() {
      for (const p of pairs) {
        const { client, upstream } = p;
        if (!upstream) continue;
        p.upstream = null;
        client.unpipe(upstream);
        upstream.unpipe(client);
        upstream.destroy();
        // The client is not told; what it writes next is answered with a reset, as by a host
        // that no longer knows the connection.
        client.removeAllListeners('data');
        client.on('data', () => client.resetAndDestroy());
        client.resume(); // unpipe() paused it
      }
    },
    async close() {
      const closing = unlisten();
      for (const p of pairs) {
        p.upstream?.destroy();
        p.client.destroy();
      }
      await closing;
    },
  };
  return proxy;
}
