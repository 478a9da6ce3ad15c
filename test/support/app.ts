// Builds the real app on a real test database, with a frozen clock and API keys for each role.
import { createApp } from '../../src/app';
import { parseConfig, type Config } from '../../src/config';
import { createApiKey } from '../../src/db/api-keys-store';
import { createKeyring, type Keyring } from '../../src/db/keyring';
import { insertOrganization, type Organization } from '../../src/db/organizations-store';
import { createLogger } from '../../src/log';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { scryptPasswordHasher } from '../../src/entry/passwords-node';
import { nodePhotoCodecs } from '../../src/entry/photos-node';
import { insertUser } from '../../src/db/users-store';
import { organizationRow } from './fixtures';
import type { PasswordHasher } from '../../src/http/types';
import type { Role } from '../../src/domain/roles';
import { createTestDatabase, type TestDatabase } from './db';

export const FROZEN_NOW = new Date('2025-06-15T08:00:00Z');

export interface TestContext {
  db: TestDatabase;
  app: ReturnType<typeof createApp>;
  config: Config;
  keyring: Keyring;
  clock: { now: Date };
  keys: { admin: string; staff: string };
  /** Creates a cooperative organization and a key bound to it. */
  cooperative(name?: string): Promise<{ org: Organization; key: string }>;
  /** The app's password hasher (real scrypt). */
  passwords: PasswordHasher;
  /**
   * Creates a console user straight in the database (no API call, no audit entry). Defaults: a
   * unique username, role 'admin', password 'correct horse battery'.
   */
  user(opts?: {
    username?: string;
    displayName?: string;
    role?: Role;
    organizationId?: string | null;
    password?: string;
  }): Promise<{ id: string; username: string; password: string }>;
  /**
   * Signs in to the console through the sign-in form (CSRF cookie and field included) and returns
   * a browser-like session; throws when the sign-in does not succeed. See ConsoleBrowser.
   */
  signIn(username: string, password: string, opts?: BrowserOptions): Promise<ConsoleBrowser>;
  /** A browser with no session yet (for sign-in pages and failures). */
  browser(opts?: BrowserOptions): ConsoleBrowser;
  /** app.request with JSON body and bearer key. */
  call(
    method: string,
    path: string,
    opts?: { key?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const db = await createTestDatabase();
  // Tests stand behind one trusted proxy: X-Forwarded-For names each client (in-process requests have no socket).
  const config = parseConfig({
    PUBLIC_BASE_URL: 'https://trace.example.vn',
    LOG_LEVEL: 'silent',
    TRUST_PROXY: 'true',
    // Background runs after each seal would race the tests' own; test/checks/schedule.test.ts turns them on.
    CHECKS_AFTER_SEAL: 'false',
    ...env,
  });
  const clock = { now: FROZEN_NOW };
  const keyring = createKeyring(db.sql, config);
  await keyring.ensure();
  const passwords = scryptPasswordHasher();
  const app = createApp({
    sql: db.sql,
    config,
    clock: () => clock.now,
    log: createLogger('silent'),
    keyring,
    labels: loadLabelCatalog(),
    passwords,
    photos: nodePhotoCodecs(),
  });
  const admin = await createApiKey(db.sql, {
    name: 'test admin',
    role: 'admin',
    organizationId: null,
    createdBy: null,
  });
  const staff = await createApiKey(db.sql, {
    name: 'test staff',
    role: 'staff',
    organizationId: null,
    createdBy: null,
  });
  let n = 0;
  const ctx: TestContext = {
    db,
    app,
    config,
    keyring,
    clock,
    keys: { admin: admin.key, staff: staff.key },
    passwords,
    async user(opts = {}) {
      n += 1;
      const username = opts.username ?? `user${n}.${Math.random().toString(36).slice(2, 8)}`;
      const password = opts.password ?? 'correct horse battery';
      const role = opts.role ?? 'admin';
      const row = await insertUser(db.sql, {
        username,
        displayName: opts.displayName ?? `Người dùng ${n}`,
        role,
        organizationId: opts.organizationId ?? null,
        passwordHash: await passwords.hash(password),
        createdBy: null,
        now: clock.now,
      });
      return { id: row.id, username, password };
    },
    browser: (opts) => consoleBrowser(app, config, opts),
    async signIn(username, password, opts) {
      const b = consoleBrowser(app, config, opts);
      await b.signIn(username, password);
      return b;
    },
    async cooperative(name) {
      n += 1;
      const org = await insertOrganization(
        db.sql,
        organizationRow({
          kind: 'cooperative',
          name: name ?? `HTX Thử nghiệm ${n}`,
          registrationCode: `HTX-TEST-${n}-${Math.random().toString(36).slice(2, 8)}`,
        }),
      );
      const { key } = await createApiKey(db.sql, {
        name: org.name,
        role: 'cooperative',
        organizationId: org.id,
        createdBy: null,
      });
      return { org, key };
    },
    call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.key) headers.authorization = `Bearer ${opts.key}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      return Promise.resolve(app.request(path, { method, headers, body }));
    },
    close: () => db.close(),
  };
  return ctx;
}

// ---------------------------------------------------------------------------------------------
// A console browser for page tests
// ---------------------------------------------------------------------------------------------

export interface BrowserOptions {
  /** Origin of the requests; PUBLIC_BASE_URL by default (https in the test context). */
  origin?: string;
  /** Extra headers on every request (e.g. { 'x-forwarded-for': '203.0.113.9' }); '' leaves one out. */
  headers?: Record<string, string>;
}

/**
 * A browser-like client of the console: keeps cookies (ocop_session, ocop_csrf, ocop_lang) from
 * Set-Cookie, sends Origin on POST like a browser does, and fills in the `_csrf` field from the
 * last page that had one. Redirects are not followed unless asked: assert on 303 + Location.
 *
 *   const admin = await t.signIn('admin1', 'correct horse battery');
 *   const page = await admin.html('/console/users');              // GET, expects 200, returns the HTML
 *   const res = await admin.post('/console/users/new', { username: 'htx.a', displayName: 'A', role: 'staff',
 *                                                        password: 'long enough pw', confirm: 'long enough pw' });
 *   expect(res.status).toBe(303);
 *   const next = await admin.follow(res);                         // GET the Location
 *   await admin.post('/console/sign-out', {});                    // _csrf added automatically
 *   await admin.post(path, form, { csrf: null });                 // …or left out (CSRF tests)
 */
export interface ConsoleBrowser {
  /** Cookies held, by name. */
  cookies: Map<string, string>;
  /** The CSRF token last seen in a page's `_csrf` field (the session's after sign-in). */
  csrf: string | undefined;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** GET expecting 200; returns the body (and remembers its _csrf). */
  html(path: string): Promise<string>;
  /**
   * POST a form (urlencoded; array values repeat the field). `_csrf` is added from `csrf` unless
   * the form has one or opts.csrf is given (null leaves it out).
   */
  post(
    path: string,
    form: Record<string, string | string[]>,
    opts?: { csrf?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  /** GET the Location of a redirect. */
  follow(res: Response): Promise<Response>;
  /** Loads and posts the sign-in form (dropping any current session first); throws unless it redirects. */
  signIn(username: string, password: string): Promise<Response>;
}

export function consoleBrowser(
  app: { request(input: string, init?: RequestInit): Response | Promise<Response> },
  config: Config,
  opts: BrowserOptions = {},
): ConsoleBrowser {
  const origin = (opts.origin ?? config.PUBLIC_BASE_URL).replace(/\/+$/, '');
  const cookies = new Map<string, string>();
  const url = (path: string) => (/^https?:/.test(path) ? path : origin + path);
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  const request = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...opts.headers, ...headers };
    for (const k of Object.keys(h)) if (h[k] === '') delete h[k]; // '' leaves a header out (e.g. Origin)
    if (cookies.size) h.cookie = cookieHeader();
    const res = await app.request(url(path), { method, headers: h, body });
    keep(res);
    return res;
  };
  const b: ConsoleBrowser = {
    cookies,
    csrf: undefined,
    async get(path, headers) {
      const res = await request('GET', path, undefined, headers);
      if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
        const text = await res.clone().text();
        const m = /name="_csrf" value="([^"]*)"/.exec(text);
        if (m) b.csrf = m[1];
      }
      return res;
    },
    async html(path) {
      const res = await b.get(path);
      const text = await res.text();
      if (res.status !== 200)
        throw new Error(`GET ${path}: ${res.status} ${res.headers.get('location') ?? ''}\n${text.slice(0, 500)}`);
      return text;
    },
    post(path, form, o = {}) {
      const p = new URLSearchParams();
      const csrf = o.csrf === undefined ? b.csrf : o.csrf;
      if (!('_csrf' in form) && csrf !== null && csrf !== undefined) p.append('_csrf', csrf);
      for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      return request('POST', path, p.toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        origin: new URL(url(path)).origin,
        ...o.headers,
      });
    },
    follow(res) {
      const location = res.headers.get('location');
      if (!location) throw new Error(`not a redirect: ${res.status}`);
      return b.get(location);
    },
    async signIn(username, password) {
      // Already signed in, the sign-in page redirects home: start from a signed-out browser.
      if ((await b.get('/console/sign-in')).status === 303) {
        cookies.delete('ocop_session');
        await b.get('/console/sign-in');
      }
      const res = await b.post('/console/sign-in', { username, password });
      if (res.status !== 303)
        throw new Error(`sign-in as ${username} failed: ${res.status}\n${(await res.text()).slice(0, 800)}`);
      await b.get('/console'); // picks up the session's CSRF token
      return res;
    },
  };
  return b;
}
