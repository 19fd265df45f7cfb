/**
 * The loopback server every HTTP contender talks to. It runs in its own process (forked by `http.ts`) so its work
 * never shares the client's event loop: what the client process measures is the client's own cost plus a real
 * round trip. Every path gets the same small JSON body, so all contenders parse the same bytes.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/** A managed-card-like object, about the size of a real Weavr response (~500 bytes). */
export const BODY = JSON.stringify({
  id: '110141187013853702',
  object: 'managed_card',
  profileId: '110141186813853702',
  tag: 'bench',
  friendlyName: 'Bench card',
  state: { state: 'ACTIVE' },
  type: 'VIRTUAL',
  cardBrand: 'MASTERCARD',
  cardNumber: { value: '****' },
  cvv: { value: '***' },
  cardNumberLastFour: '1234',
  nameOnCard: 'ACME LTD',
  startMmyy: '0125',
  expiryMmyy: '0129',
  currency: 'EUR',
  mode: 'PREPAID_MODE',
  balances: { availableBalance: 10_000, actualBalance: 10_000 },
  creationTimestamp: 1_735_689_600_000,
});

export function startServer(port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (req, res) => {
    // Drain the request body before answering, as a real server would.
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(BODY),
        'request-ref': 'bench-ref',
      });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

// Forked by http.ts: report the port over IPC and stop when the parent says so (or goes away). Only when this
// file is the process's entry: a forked bench section that imports BODY has an IPC channel too.
if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const { port, close } = await startServer();
  process.send({ port });
  process.on('message', (m) => {
    if (m === 'stop') void close().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}
