import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type ConsoleBrowser } from '../support/app';

let t: TestContext;
let admin: ConsoleBrowser;
const FORM_EXPIRED = 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.';

const newUser = (username: string) => ({
  username,
  displayName: 'Người thử CSRF',
  role: 'staff',
  organizationId: '',
  password: 'mật khẩu đủ dài',
  confirm: 'mật khẩu đủ dài',
});
const userCount = async () => (await t.db.sql<{ n: number }[]>`select count(*)::int as n from users`)[0]!.n;

beforeAll(async () => {
  t = await createTestContext();
  const u = await t.user({ username: 'csrf.admin' });
  admin = await t.signIn(u.username, u.password);
});
afterAll(async () => {
  await t?.close();
});

describe('CSRF on console forms', () => {
  it('accepts a form with the session token (control)', async () => {
    const res = await admin.post('/console/users/new', newUser('csrf.control'));
    expect(res.status).toBe(303);
  });

  it("refuses a form without a token, with a wrong one, or with another session's, as a 403 page, writing nothing", async () => {
    const other = await t.user();
    const otherSession = await t.signIn(other.username, other.password);
    const before = await userCount();
    const audits = (await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0]!.n;
    for (const csrf of [null, '', 'x'.repeat(43), otherSession.csrf!]) {
      const res = await admin.post('/console/users/new', newUser(`csrf.${Math.random().toString(36).slice(2, 8)}`), {
        csrf,
      });
      expect(res.status, String(csrf)).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain(FORM_EXPIRED);
    }
    expect(await userCount()).toBe(before);
    expect((await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0]!.n).toBe(audits);
  });

  it('refuses a form posted from another origin even with the right token', async () => {
    const before = await userCount();
    const res = await admin.post('/console/users/new', newUser('csrf.crosssite'), {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    const noOrigin = await admin.post('/console/users/new', newUser('csrf.fetchsite'), {
      headers: { origin: '', 'sec-fetch-site': 'cross-site' },
    });
    expect(noOrigin.status).toBe(403);
    expect(await userCount()).toBe(before);
  });

  it('does not sign out without the token', async () => {
    const res = await admin.post('/console/sign-out', {}, { csrf: null });
    expect(res.status).toBe(403);
    expect((await admin.get('/console')).status).toBe(200);
  });

  it('does not reset a password or disable a user without the token', async () => {
    const victim = await t.user();
    const before = await t.db.sql`select password_hash, disabled_at from users where id = ${victim.id}`;
    expect(
      (
        await admin.post(
          `/console/users/${victim.id}/reset-password`,
          { password: 'taken over 12345', confirm: 'taken over 12345' },
          { csrf: null },
        )
      ).status,
    ).toBe(403);
    expect((await admin.post(`/console/users/${victim.id}/disable`, {}, { csrf: 'nope' })).status).toBe(403);
    expect(await t.db.sql`select password_hash, disabled_at from users where id = ${victim.id}`).toEqual(before);
  });

  it('refuses a sign-in form without its pre-session cookie token', async () => {
    const u = await t.user();
    const b = t.browser();
    await b.get('/console/sign-in');
    const wrong = await b.post(
      '/console/sign-in',
      { username: u.username, password: u.password },
      { csrf: 'y'.repeat(43) },
    );
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain(FORM_EXPIRED);
    const noCookie = t.browser();
    const res = await noCookie.post('/console/sign-in', {
      username: u.username,
      password: u.password,
      _csrf: 'z'.repeat(43),
    });
    expect(res.status).toBe(403);
    expect(noCookie.cookies.has('ocop_session')).toBe(false);
    const crossSite = t.browser();
    await crossSite.get('/console/sign-in');
    expect(
      (
        await crossSite.post(
          '/console/sign-in',
          { username: u.username, password: u.password },
          { headers: { origin: 'https://evil.example' } },
        )
      ).status,
    ).toBe(403);
    const [row] = await t.db.sql<
      { n: number }[]
    >`select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.id = ${u.id}`;
    expect(row!.n).toBe(0);
  });

  it('refuses bodies that are not forms', async () => {
    const res = await t.app.request('https://trace.example.vn/console/users/new', {
      method: 'POST',
      headers: {
        cookie: `ocop_session=${admin.cookies.get('ocop_session')}`,
        'content-type': 'application/json',
        origin: 'https://trace.example.vn',
      },
      body: JSON.stringify({ _csrf: admin.csrf, ...newUser('csrf.json') }),
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
