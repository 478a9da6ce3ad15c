import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/log';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { consoleBrowser, createTestContext, FROZEN_NOW, type TestContext } from '../support/app';

let t: TestContext;
let addressSeq = 0;
/** Each test signs in from its own client address, so the per-network limit stays its own. */
const fresh = () => ({ headers: { 'x-forwarded-for': `198.51.${++addressSeq}.7` } });

const BAD = 'Tên đăng nhập hoặc mật khẩu không đúng.';
const LOCKED = 'Nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.';

/** The message shown beside the password field. */
function passwordError(html: string): string | null {
  return /id="f-password-err">([^<]*)</.exec(html)?.[1] ?? null;
}

async function attempt(username: string, password: string, opts = fresh()) {
  const b = t.browser(opts);
  await b.get('/console/sign-in');
  const res = await b.post('/console/sign-in', { username, password });
  return { res, html: await res.text(), b };
}

async function audit(action: string, entityId?: string) {
  return t.db.sql<{ actor: string; after: Record<string, unknown> | null; entityId: string | null }[]>`
    select actor, after, entity_id from audit_log
    where entity = 'user' and action = ${action} and (${entityId ?? null}::text is null or entity_id = ${entityId ?? null})
    order by id`;
}

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

describe('signing in', () => {
  it('signs in with the right password: a session cookie, a redirect home, an audit entry', async () => {
    const u = await t.user({ displayName: 'Hoàng Thị Lan' });
    const b = t.browser(fresh());
    const form = await b.get('/console/sign-in');
    expect(form.status).toBe(200);
    expect(b.cookies.get('ocop_csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await b.post('/console/sign-in', { username: u.username.toUpperCase(), password: u.password });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ocop_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(cookie).toMatch(/; Secure/); // PUBLIC_BASE_URL is https in the test context
    expect(b.cookies.has('ocop_csrf')).toBe(false); // the pre-session token is spent
    const home = await b.html('/console');
    expect(home).toContain('Xin chào, Hoàng Thị Lan');
    const [entry] = await audit('sign_in', u.id);
    expect(entry!.actor).toBe(`admin:${u.username}`);
    expect(entry!.after).toMatchObject({ address: expect.stringMatching(/^198\.51\./) });
    // only the token's hash is stored
    const token = b.cookies.get('ocop_session')!;
    const rows = await t.db.sql`select id from sessions where id = ${token}`;
    expect(rows.length).toBe(0);
  });

  it('answers a wrong password and an unknown username with the same message, keeps the username, and audits both', async () => {
    const u = await t.user();
    const wrong = await attempt(u.username, 'not the password');
    const unknown = await attempt('nobody.here', 'not the password');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(passwordError(wrong.html)).toBe(BAD);
    expect(passwordError(unknown.html)).toBe(BAD);
    expect(wrong.html).toContain(`value="${u.username}"`);
    expect(wrong.b.cookies.has('ocop_session')).toBe(false);
    const failed = await audit('sign_in_failed');
    expect(failed.some((a) => a.entityId === u.id && a.after?.reason === 'wrong_password')).toBe(true);
    expect(
      failed.some(
        (a) => a.entityId === null && a.after?.username === 'nobody.here' && a.after?.reason === 'unknown_user',
      ),
    ).toBe(true);
  });

  it('asks for both fields without checking anything', async () => {
    const b = t.browser(fresh());
    await b.get('/console/sign-in');
    const res = await b.post('/console/sign-in', { username: 'someone', password: '' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(passwordError(html)).toBe('Không được để trống');
    expect(html).toContain('value="someone"');
  });

  it('locks a username on one network for 15 minutes after 5 wrong passwords from there, even against the right one, then lets them in', async () => {
    const u = await t.user();
    const from = fresh();
    for (let i = 0; i < 5; i++) {
      const r = await attempt(u.username, `wrong password ${i}`, from);
      expect(r.res.status).toBe(401);
      expect(passwordError(r.html)).toBe(BAD);
    }
    const locked = await attempt(u.username, u.password, from);
    expect(locked.res.status).toBe(429);
    expect(passwordError(locked.html)).toBe(LOCKED);
    expect(locked.b.cookies.has('ocop_session')).toBe(false);
    expect((await audit('sign_in_locked', u.id)).length).toBe(1);
    // 15 minutes (the lock is now per username and network, not a users row: issue #12)
    expect(locked.res.headers.get('retry-after')).toBe(String(15 * 60));

    t.clock.now = new Date(FROZEN_NOW.getTime() + 16 * 60_000);
    try {
      const ok = await attempt(u.username, u.password, from);
      expect(ok.res.status).toBe(303);
    } finally {
      t.clock.now = FROZEN_NOW;
    }
  });

  it('locks an unknown username exactly like a real one (no enumeration through the lock-out)', async () => {
    const from = fresh();
    for (let i = 0; i < 5; i++) expect(passwordError((await attempt('ghost.user', `guess ${i}`, from)).html)).toBe(BAD);
    const sixth = await attempt('ghost.user', 'guess 6', from);
    expect(sixth.res.status).toBe(429);
    expect(passwordError(sixth.html)).toBe(LOCKED);
  });

  it('slows down one client network guessing across many usernames', async () => {
    const u = await t.user();
    const from = fresh();
    for (let i = 0; i < 30; i++) await attempt(`spray${i}`, 'Password123!', from);
    const blocked = await attempt(u.username, u.password, from);
    expect(blocked.res.status).toBe(429);
    expect(passwordError(blocked.html)).toBe(LOCKED);
    // another network is not affected
    expect((await attempt(u.username, u.password)).res.status).toBe(303);
  });

  it('refuses a disabled user even with the right password', async () => {
    const u = await t.user();
    await t.db.sql`update users set disabled_at = now() where id = ${u.id}`;
    const r = await attempt(u.username, u.password);
    expect(r.res.status).toBe(403);
    expect(passwordError(r.html)).toBe('Tài khoản này đã bị ngừng sử dụng. Hãy liên hệ quản trị viên.');
    expect(r.b.cookies.has('ocop_session')).toBe(false);
  });
});

describe('lock-outs that an attacker cannot hand out', () => {
  const SLOWED = /^Có nhiều lần đăng nhập sai vào tài khoản này\. Hãy thử lại sau (\d+) giây\.$/;
  let net = 0;
  /** A client network of its own (203.0.N.0/24, …), as many as a test needs. */
  const network = () => ({ headers: { 'x-forwarded-for': `${100 + Math.floor(++net / 250)}.${net % 250}.113.9` } });
  const at = (ms: number) => {
    t.clock.now = new Date(FROZEN_NOW.getTime() + ms);
  };
  /** Counts password checks (scrypt work) while fn runs. */
  async function checks(fn: () => Promise<void>): Promise<number> {
    const verify = t.passwords.verify;
    let n = 0;
    t.passwords.verify = (...args) => {
      n += 1;
      return verify.apply(t.passwords, args);
    };
    try {
      await fn();
    } finally {
      t.passwords.verify = verify;
    }
    return n;
  }

  it('locks a username only on the network the wrong passwords came from', async () => {
    const u = await t.user();
    const attacker = network();
    for (let i = 0; i < 5; i++)
      expect((await attempt(u.username, `wrong password ${i}`, attacker)).res.status).toBe(401);
    // the real user, elsewhere, is not locked out
    expect((await attempt(u.username, u.password, network())).res.status).toBe(303);
    const locked = await attempt(u.username, u.password, attacker);
    expect(locked.res.status).toBe(429);
    expect(locked.res.headers.get('retry-after')).toBe('900');
    const [failure] = (await audit('sign_in_failed', u.id)).slice(-1);
    expect(failure!.after).toMatchObject({ reason: 'wrong_password', lockedUntil: expect.any(String) });
    const [refusal] = await audit('sign_in_locked', u.id);
    expect(refusal!.after).toMatchObject({ reason: 'pair' });
  });

  it('lets a user in after wrong passwords from ten networks, then slows the username down instead of locking it', async () => {
    const u = await t.user();
    try {
      for (let i = 0; i < 10; i++)
        expect((await attempt(u.username, `guess ${i} guess`, network())).res.status).toBe(401);
      // ten failures: still no delay
      expect((await attempt(u.username, u.password, network())).res.status).toBe(303);
      // the user's success does not wipe out what others did: the eleventh failure starts a delay
      expect((await attempt(u.username, 'guess once more', network())).res.status).toBe(401);
      const slowed = await attempt(u.username, u.password, network());
      expect(slowed.res.status).toBe(429);
      expect(slowed.res.headers.get('retry-after')).toBe('2');
      expect(passwordError(slowed.html)).toMatch(SLOWED);
      expect(slowed.b.cookies.has('ocop_session')).toBe(false);
      // two seconds later the right password works
      at(2000);
      expect((await attempt(u.username, u.password, network())).res.status).toBe(303);
      const [entry] = await audit('sign_in_slowed', u.id);
      expect(entry!.after).toMatchObject({ retryAfterSeconds: 2 });
    } finally {
      at(0);
    }
  });

  it('doubles the delay with each further failure, up to 5 minutes, and refuses early attempts without checking them', async () => {
    const u = await t.user();
    try {
      let now = 0;
      for (let i = 0; i < 10; i++) await attempt(u.username, `guess ${i} guess`, network());
      const waits: string[] = [];
      for (let i = 0; i < 10; i++) {
        expect((await attempt(u.username, `more guess ${i}`, network())).res.status).toBe(401);
        const early = await attempt(u.username, u.password, network());
        expect(early.res.status).toBe(429);
        const wait = early.res.headers.get('retry-after')!;
        waits.push(wait);
        now += Number(wait) * 1000;
        at(now);
      }
      expect(waits).toEqual(['2', '4', '8', '16', '32', '64', '128', '256', '300', '300']);
      // refused attempts cost no password check and do not push the delay further out
      at(now - 1000);
      const work = await checks(async () => {
        for (let i = 0; i < 5; i++) expect((await attempt(u.username, u.password, network())).res.status).toBe(429);
      });
      expect(work).toBe(0);
      at(now);
      expect((await attempt(u.username, u.password, network())).res.status).toBe(303);
    } finally {
      at(0);
    }
  });

  it('checks no more passwords than the limits allow when guesses arrive all at once', async () => {
    const u = await t.user();
    const from = network();
    const burst = (n: number, opts: () => ReturnType<typeof network>) =>
      Promise.all(Array.from({ length: n }, (_, i) => attempt(u.username, `parallel guess ${i}`, opts())));
    let statuses: number[] = [];
    // 20 at once from one network: 5 are checked, the others are refused unchecked
    expect(
      await checks(async () => {
        statuses = (await burst(20, () => from)).map((r) => r.res.status);
      }),
    ).toBe(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    // past the username's ceiling, one check per wait, however many networks try together
    await burst(6, network);
    expect(
      await checks(async () => {
        statuses = (await burst(8, network)).map((r) => r.res.status);
      }),
    ).toBe(0);
    try {
      at(10 * 60_000);
      expect(
        await checks(async () => {
          statuses = (await burst(8, network)).map((r) => r.res.status);
        }),
      ).toBe(1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    } finally {
      at(0);
    }
  });

  it('slows an unknown username exactly like a real one', async () => {
    const u = await t.user();
    const seen: { real: string[]; ghost: string[] } = { real: [], ghost: [] };
    for (const [who, name] of [
      ['real', u.username],
      ['ghost', 'ghost.of.nobody'],
    ] as const) {
      for (let i = 0; i < 11; i++) {
        const r = await attempt(name, `guess ${i} guess`, network());
        seen[who].push(`${r.res.status} ${passwordError(r.html)}`);
      }
      const r = await attempt(name, 'one more guess', network());
      seen[who].push(`${r.res.status} ${r.res.headers.get('retry-after')} ${passwordError(r.html)}`);
    }
    expect(seen.ghost).toEqual(seen.real);
    const slowed = await audit('sign_in_slowed');
    expect(slowed.some((a) => a.entityId === null && a.after?.username === 'ghost.of.nobody')).toBe(true);
  });

  it('lifts the locks of a username on every network when an admin resets the password', async () => {
    const u = await t.user();
    const office = network();
    for (let i = 0; i < 5; i++) await attempt(u.username, `wrong password ${i}`, office);
    expect((await attempt(u.username, u.password, office)).res.status).toBe(429);
    const reset = await t.call('POST', `/api/v1/users/${u.id}/password`, {
      key: t.keys.admin,
      body: { password: 'a new password from the admin' },
    });
    expect(reset.status).toBe(200);
    expect((await attempt(u.username, 'a new password from the admin', office)).res.status).toBe(303);
    const [entry] = await audit('reset_password', u.id);
    expect(entry!.after).toMatchObject({ locksLifted: 1 });
  });

  it('clears a network’s count for a username when the user signs in from it', async () => {
    const u = await t.user();
    const office = network();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++)
        expect((await attempt(u.username, `typo ${round}.${i}`, office)).res.status).toBe(401);
      expect((await attempt(u.username, u.password, office)).res.status).toBe(303);
    }
  });
});

describe('sessions', () => {
  it('redirects unauthenticated pages to sign-in and comes back to them after', async () => {
    const u = await t.user();
    const b = t.browser(fresh());
    const res = await b.get('/console/users?cursor=5');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%2Fusers%3Fcursor%3D5');
    const page = await (await b.follow(res)).text();
    expect(page).toContain('name="next" value="/console/users?cursor=5"');
    const signedIn = await b.post('/console/sign-in', {
      username: u.username,
      password: u.password,
      next: '/console/users?cursor=5',
    });
    expect(signedIn.headers.get('location')).toBe('/console/users?cursor=5');
  });

  it('goes only to console paths of this site after signing in', async () => {
    const u = await t.user();
    for (const next of [
      '//evil.example/console',
      'https://evil.example/console',
      '/console\\@evil.example',
      '/consolex',
      '/api/v1/keys',
      '/console/sign-out',
      ' /console/users',
    ]) {
      const b = t.browser(fresh());
      await b.get('/console/sign-in');
      const res = await b.post('/console/sign-in', { username: u.username, password: u.password, next });
      expect(res.headers.get('location'), next).toBe('/console');
    }
  });

  it('ends the session on sign-out: the old cookie no longer opens a page', async () => {
    const u = await t.user();
    const b = await t.signIn(u.username, u.password, fresh());
    const token = b.cookies.get('ocop_session')!;
    const res = await b.post('/console/sign-out', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in');
    expect(res.headers.getSetCookie().some((c) => /^ocop_session=;.*Max-Age=0/.test(c))).toBe(true);
    const replay = await t.app.request('https://trace.example.vn/console', {
      headers: { cookie: `ocop_session=${token}` },
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toContain('/console/sign-in');
    expect((await audit('sign_out', u.id)).length).toBe(1);
  });

  it('treats an expired session as none', async () => {
    const u = await t.user();
    const b = await t.signIn(u.username, u.password, fresh());
    t.clock.now = new Date(FROZEN_NOW.getTime() + 12 * 3_600_000 + 1000);
    try {
      const res = await b.get('/console');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole');
      expect(b.cookies.has('ocop_session')).toBe(false); // the stale cookie is dropped
    } finally {
      t.clock.now = FROZEN_NOW;
    }
  });

  it('ignores forged and malformed session cookies', async () => {
    for (const cookie of [
      'ocop_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'ocop_session=%27%20or%201%3D1--',
      'ocop_session=',
    ]) {
      const res = await t.app.request('https://trace.example.vn/console', { headers: { cookie } });
      expect(res.status, cookie).toBe(303);
    }
  });

  it('a second sign-in on the same browser replaces the first session', async () => {
    const u = await t.user();
    const b = await t.signIn(u.username, u.password, fresh());
    const first = b.cookies.get('ocop_session')!;
    // a sign-in form loaded before (another tab): its pre-session token travels with the session cookie
    const tab = t.browser(fresh());
    await tab.get('/console/sign-in');
    b.cookies.set('ocop_csrf', tab.cookies.get('ocop_csrf')!);
    const res = await b.post('/console/sign-in', { username: u.username, password: u.password, _csrf: tab.csrf! });
    expect(res.status).toBe(303);
    expect(b.cookies.get('ocop_session')).not.toBe(first);
    const replay = await t.app.request('https://trace.example.vn/console', {
      headers: { cookie: `ocop_session=${first}` },
    });
    expect(replay.status).toBe(303);
  });
});

describe('console pages', () => {
  it('carry no-store, a CSP without script and DENY framing, and stay small', async () => {
    const u = await t.user();
    const b = await t.signIn(u.username, u.password, fresh());
    for (const path of [
      '/console/sign-in',
      '/console',
      '/console/users',
      '/console/users/new',
      '/console/account/password',
      '/console/nope',
    ]) {
      const res = await b.get(path);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      // no-referrer would make browsers post forms with `Origin: null`, refused as cross-site
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      const html = await res.text();
      expect(html).not.toMatch(/<script/i);
      expect(html.length, path).toBeLessThan(60_000);
    }
  });

  it('send Hono’s secure headers with the console’s own policy, to the letter', async () => {
    const res = await t.browser(fresh()).get('/console/sign-in');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('renders errors as pages, not JSON', async () => {
    const u = await t.user({ role: 'staff' });
    const b = await t.signIn(u.username, u.password, fresh());
    const missing = await b.get('/console/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    const forbidden = await b.get('/console/users');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('Bạn không có quyền thực hiện thao tác này.');
    const badId = await b.get('/console/users/not-a-uuid');
    expect(badId.status).toBe(403); // the page is for admins before anything else
  });

  it('switches to English with ?lang=en and keeps it', async () => {
    const u = await t.user();
    const b = await t.signIn(u.username, u.password, fresh());
    const en = await b.html('/console?lang=en');
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('Sign out');
    expect(b.cookies.get('ocop_lang')).toBe('en');
    expect(await b.html('/console/account/password')).toContain('Change password');
    expect(await b.html('/console?lang=vi')).toContain('Đăng xuất');
  });

  it('refuses bodies over MAX_BODY_BYTES with a page', async () => {
    const u = await t.user();
    const b = await t.signIn(u.username, u.password, fresh());
    const res = await b.post('/console/account/password', { current: 'x'.repeat(t.config.MAX_BODY_BYTES + 10) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('cookie flags and set-up', () => {
  it('leaves Secure off over plain http when the service is published on http, and sets it for https requests', async () => {
    const h = await createTestContext({ PUBLIC_BASE_URL: 'http://localhost:3000' });
    try {
      const u = await h.user();
      for (const [origin, secure] of [
        ['http://localhost:3000', false],
        ['https://localhost:3000', true],
      ] as const) {
        const b = h.browser({ origin });
        await b.get('/console/sign-in');
        const res = await b.post('/console/sign-in', { username: u.username, password: u.password });
        expect(res.status).toBe(303);
        const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ocop_session='))!;
        expect(cookie.includes('; Secure'), origin).toBe(secure);
        expect(cookie).toMatch(/; HttpOnly/);
        expect(cookie).toMatch(/; SameSite=Lax/);
      }
    } finally {
      await h.close();
    }
  });

  it('says clearly when no password hasher is configured', async () => {
    const app = createApp({
      sql: t.db.sql,
      config: t.config,
      clock: () => t.clock.now,
      log: createLogger('silent'),
      keyring: t.keyring,
      labels: loadLabelCatalog(),
    });
    const u = await t.user();
    const b = consoleBrowser(app, t.config, fresh());
    await b.get('/console/sign-in');
    const res = await b.post('/console/sign-in', { username: u.username, password: u.password });
    expect(res.status).toBe(503);
    expect(passwordError(await res.text())).toBe('Máy chủ chưa được cấu hình để đăng nhập bằng mật khẩu.');
    const api = await app.request('/api/v1/users', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nohasher', displayName: 'X', role: 'staff', password: 'long enough password' }),
    });
    expect(api.status).toBe(503);
  });
});
