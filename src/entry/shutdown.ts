// Node-only: what a graceful stop needs from the HTTP server. Once closing, it accepts no new
// connection; every request being answered finishes, and its answer says `Connection: close` (when
// its headers have not gone yet) so that a keep-alive client opens no further request on it; idle
// keep-alive connections close at once, and busy ones as soon as their answer is out.
import type { Server, ServerResponse } from 'node:http';

export interface GracefulServer {
  /** Requests being answered now. */
  inFlight(): number;
  /** Stops accepting and resolves once every connection has ended (see above). */
  close(): Promise<void>;
  /** Cuts every connection still open (the stop took too long). */
  destroy(): void;
}

export function gracefulServer(server: Server): GracefulServer {
  const answering = new Set<ServerResponse>();
  let closing = false;
  const closeIdle = () => server.closeIdleConnections();
  // Before the app's listener, so that a request arriving while closing is told before it is answered.
  server.prependListener('request', (_req, res: ServerResponse) => {
    answering.add(res);
    if (closing) res.setHeader('Connection', 'close');
    res.once('close', () => answering.delete(res));
    // Its connection is idle once the answer is out; a keep-alive client may not have seen `close`.
    res.once('finish', () => closing && setImmediate(closeIdle));
  });
  let closed: Promise<void> | null = null;
  return {
    inFlight: () => answering.size,
    close() {
      if (closed) return closed;
      closing = true;
      closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of answering) if (!res.headersSent) res.setHeader('Connection', 'close');
      closeIdle();
      return closed;
    },
    destroy() {
      server.closeAllConnections();
    },
  };
}
