// SIGTERM under load, on the real Node server (a child process on PostgreSQL at TEST_DATABASE_URL,
// else on an embedded DATA_DIR): every answer that began arrives whole, requests after the stop
// are refused at connect (never cut), the process exits 0 within SHUTDOWN_TIMEOUT_MS, and each
// stamp's scan count grew by exactly its 200 answers: no acknowledged scan missing, none extra.
// A request that cannot finish is cut at the bound, with exit code 1 and a log line.
import { Agent, type ClientRequest, type IncomingMessage, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, kill, logLines, type ServerDatabase, type ServerProcess, startServer } from './server';

interface Stamp {
  serial: string;
  path: string;
}

let db: ServerDatabase;
let stamps: Stamp[];
let countsBefore: Map<string, number>;
let server: ServerProcess | undefined;

const PHONE = {
  accept: 'text/html',
  'user-agent': 'Mozilla/5.0 (Linux; Android 13) Chrome/124.0 Mobile Safari/537.36',
};

async function scanCounts(serials: string[]): Promise<Map<string, number>> {
  return db.read(async (sql) => {
    const rows = await sql<{ serial: string; scanCount: number }[]>`
      select serial, scan_count from stamps where serial = any(${serials}::text[])`;
    return new Map(rows.map((r) => [r.serial, r.scanCount]));
  });
}

beforeAll(async () => {
  db = await demoDatabase();
  stamps = await db.read(async (sql) => {
    const rows = await sql<{ serial: string; gtin: string; lotCode: string }[]>`
      select s.serial, r.gtin, r.lot_code from stamps s join print_runs r on r.id = s.print_run_id
       where s.state = 'active' order by s.serial limit 6`;
    return rows.map((r) => ({
      serial: r.serial,
      path: `/01/${r.gtin}/10/${encodeURIComponent(r.lotCode)}/21/${r.serial}`,
    }));
  });
  expect(stamps).toHaveLength(6);
  countsBefore = await scanCounts(stamps.map((s) => s.serial));
}, 300_000);

afterAll(async () => {
  await kill(server);
  await db?.remove();
});

type Outcome =
  | { kind: 'answer'; stamp: Stamp; status: number; whole: boolean; connectionClose: boolean; afterStop: boolean }
  | { kind: 'cut'; stamp: Stamp; error: string }
  | { kind: 'refused'; stamp: Stamp; error: string; reusedSocket: boolean };

/** One GET of a stamp page over the agent's keep-alive connections, judged when it ends. */
function getStamp(base: string, agent: Agent, stamp: Stamp, stopped: () => boolean): Promise<Outcome> {
  return new Promise((done) => {
    let began = false;
    const req: ClientRequest = request(`${base}${stamp.path}`, { agent, headers: PHONE }, (res: IncomingMessage) => {
      began = true;
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('error', (e) => done({ kind: 'cut', stamp, error: String(e) }));
      res.on('aborted', () => done({ kind: 'cut', stamp, error: 'aborted' }));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const declared = Number(res.headers['content-length']);
        done({
          kind: 'answer',
          stamp,
          status: res.statusCode!,
          whole: res.complete && body.byteLength === declared && body.toString('utf8').trimEnd().endsWith('</html>'),
          connectionClose: res.headers.connection === 'close',
          afterStop: stopped(),
        });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      done(
        began
          ? { kind: 'cut', stamp, error: String(e) }
          : { kind: 'refused', stamp, error: e.code ?? e.message, reusedSocket: req.reusedSocket },
      ),
    );
    req.end();
  });
}

/**
 * POST /report with `Expect: 100-continue`: resolves `started` once the server has the request
 * (it answered 100 Continue), and sends the body only when `send` is called. A request in flight
 * for as long as the test wants.
 */
function heldReport(base: string, stamp: Stamp) {
  let send!: () => void;
  let started!: () => void;
  const startedP = new Promise<void>((r) => {
    started = r;
  });
  const body = JSON.stringify({
    gtin: stamp.path.split('/')[2],
    serial: stamp.serial,
    verdict: 'genuine',
    message: 'Thử dừng máy chủ giữa chừng',
  });
  const answer = new Promise<{ status: number; body: string; connection?: string } | { error: string }>((done) => {
    const req = request(
      `${base}/report`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          expect: '100-continue',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => done({ status: res.statusCode!, body: text, connection: res.headers.connection }));
      },
    );
    req.on('continue', () => started());
    req.on('error', (e) => done({ error: String(e) }));
    send = () => req.end(body);
  });
  return { started: startedP, send: () => send(), answer };
}

/** Resolves once a connection to the port is refused (the server stopped listening). */
async function refusingConnections(port: number) {
  for (;;) {
    const refused = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(false);
      });
      socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED'));
    });
    if (refused) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('SIGTERM', () => {
  it('under load: answers whole, later requests refused at connect, exit 0 in time, every acknowledged scan counted once', async () => {
    const TIMEOUT_MS = 15_000;
    server = await startServer({ ...db.env, PUBLIC_RATE_LIMIT: '1000000', SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) });
    const s = server;
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    let stopSentAt = 0;
    const stopped = () => stopSentAt > 0;
    let exited = false;
    const exitAt = s.exited.then((code) => {
      exited = true;
      return { code, at: performance.now() };
    });

    const outcomes: Outcome[] = [];
    let answered = 0;
    let onAnswer = () => {};
    async function loop(worker: number) {
      for (let i = worker; ; i += 8) {
        const o = await getStamp(s.url, agent, stamps[i % stamps.length]!, stopped);
        outcomes.push(o);
        if (o.kind === 'answer') {
          answered += 1;
          onAnswer();
        }
        // before the stop nothing may fail; after it, a loop ends at its first refusal or at the exit
        if (o.kind !== 'answer' || exited) return;
      }
    }
    const loops = Array.from({ length: 8 }, (_, w) => loop(w));

    // under way: a good number of answers, and one request held in flight across the signal
    await new Promise<void>((r) => {
      onAnswer = () => answered >= 30 && r();
    });
    const held = heldReport(s.url, stamps[0]!);
    await held.started;
    await new Promise<void>((r) => {
      const from = answered;
      onAnswer = () => answered >= from + 30 && r();
    });
    stopSentAt = performance.now();
    s.child.kill('SIGTERM');
    // Once the server refuses new connections it is stopping; only then does the held request
    // send its body, and the server must still be there to answer it.
    await refusingConnections(s.port);
    // `npm start` forwards the signal a terminal or systemd also sent to the server: a second
    // one changes nothing
    s.child.kill('SIGINT');
    held.send();
    const heldAnswer = await held.answer;
    const exit = await exitAt;
    await Promise.all(loops);
    agent.destroy();

    // the held request was answered whole, telling the client the connection closes
    expect(heldAnswer).toMatchObject({ status: 201, connection: 'close' });
    expect(JSON.parse((heldAnswer as { body: string }).body)).toEqual({ received: true });

    // exit 0 within the bound, after the log says so
    expect(exit.code, s.output().slice(-3000)).toBe(0);
    expect(exit.at - stopSentAt).toBeLessThan(TIMEOUT_MS);
    const stopping = logLines(s.output(), 'stopping');
    expect(stopping).toHaveLength(1);
    expect(stopping[0]!.inFlight as number).toBeGreaterThanOrEqual(1);
    expect(logLines(s.output(), 'stopped')).toHaveLength(1);
    expect(logLines(s.output(), 'already stopping')).toMatchObject([{ signal: 'SIGINT' }]);

    // nothing cut: every answer that began arrived whole, and every one is a 200
    const cut = outcomes.filter((o) => o.kind === 'cut');
    expect(cut).toEqual([]);
    const answers = outcomes.filter((o) => o.kind === 'answer');
    expect(answers.filter((a) => a.status !== 200 || !a.whole)).toEqual([]);
    // refusals came after the stop only: on a new connection at connect (ECONNREFUSED), or an idle
    // keep-alive connection the server closed before reading anything on it
    const refused = outcomes.filter((o) => o.kind === 'refused');
    for (const r of refused) {
      if (r.reusedSocket) expect(['ECONNRESET', 'ECONNREFUSED', 'EPIPE']).toContain(r.error);
      else expect(r.error).toBe('ECONNREFUSED');
    }
    // a request after the exit is refused at connect
    const after = await getStamp(s.url, new Agent(), stamps[0]!, stopped);
    expect(after).toMatchObject({ kind: 'refused', error: 'ECONNREFUSED' });

    // every answered stamp page wrote its scan, exactly once
    const countsAfter = await scanCounts(stamps.map((x) => x.serial));
    const expected = new Map<string, number>();
    for (const a of answers) expected.set(a.stamp.serial, (expected.get(a.stamp.serial) ?? 0) + 1);
    for (const stamp of stamps) {
      expect(countsAfter.get(stamp.serial)! - countsBefore.get(stamp.serial)!, stamp.serial).toBe(
        expected.get(stamp.serial) ?? 0,
      );
    }
    console.log(
      `SIGTERM under load: ${answers.length} answers (${answers.filter((a) => a.afterStop).length} after the signal, ` +
        `${answers.filter((a) => a.connectionClose).length} with Connection: close), ${refused.length} refused, ` +
        `exit 0 in ${Math.round(exit.at - stopSentAt)} ms`,
    );
  }, 240_000);

  it('cuts a request that does not finish at SHUTDOWN_TIMEOUT_MS, says so, and exits 1', async () => {
    server = await startServer({ ...db.env, SHUTDOWN_TIMEOUT_MS: '1500' });
    const s = server;
    const held = heldReport(s.url, stamps[1]!);
    await held.started;
    const sentAt = performance.now();
    s.child.kill('SIGTERM');
    const code = await s.exited; // the body never comes
    const tookMs = performance.now() - sentAt;
    expect(code, s.output().slice(-4000)).toBe(1);
    expect(tookMs).toBeGreaterThanOrEqual(1500);
    const line = logLines(s.output(), 'stop took longer than SHUTDOWN_TIMEOUT_MS: cutting the connections left');
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({ level: 'error', timeoutMs: 1500, inFlight: 1 });
    expect(await held.answer).toHaveProperty('error');
    expect(logLines(s.output(), 'stopped')).toHaveLength(0);
  }, 240_000);
});
