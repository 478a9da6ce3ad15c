import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';

let t: TestContext;
const PW = 'mật khẩu ban đầu 1';

const create = (body: Record<string, unknown>, key = t.keys.admin) => t.call('POST', '/api/v1/users', { key, body });
const liveSessions = async (userId: string) =>
  (await t.db.sql<{ n: number }[]>`select count(*)::int as n from sessions where user_id = ${userId}`)[0]!.n;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

describe('users API', () => {
  it('lets only admins create, list, reset and disable users', async () => {
    const coop = await t.cooperative();
    const body = { username: 'canbo.huyen', displayName: 'Cán bộ huyện', role: 'staff', password: PW };
    for (const key of [t.keys.staff, coop.key]) {
      expect((await create(body, key)).status).toBe(403);
      expect((await t.call('GET', '/api/v1/users', { key })).status).toBe(403);
    }
    expect((await t.call('GET', '/api/v1/users')).status).toBe(401);
    const user = await json(create(body), 201);
    for (const key of [t.keys.staff, coop.key]) {
      expect(
        (await t.call('POST', `/api/v1/users/${user.id}/password`, { key, body: { password: 'another password 1' } }))
          .status,
      ).toBe(403);
      expect((await t.call('POST', `/api/v1/users/${user.id}/disable`, { key })).status).toBe(403);
    }
  });

  it('never returns or audits a password hash, and normalises the username', async () => {
    const user = await json(create({ username: '  Kế.Toán ', displayName: 'x', role: 'staff', password: PW }), 400);
    expect(user.error.details[0].path).toBe('body.username'); // not a-z0-9._-
    const created = await json(
      create({ username: '  KeToan.HTX ', displayName: 'Kế toán', role: 'staff', password: PW }),
      201,
    );
    expect(created.username).toBe('ketoan.htx');
    expect(Object.keys(created)).not.toContain('passwordHash');
    const list = await t.call('GET', '/api/v1/users', { key: t.keys.admin });
    const text = await list.text();
    expect(text).toContain('ketoan.htx');
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain(PW);
    const reset = await t.call('POST', `/api/v1/users/${created.id}/password`, {
      key: t.keys.admin,
      body: { password: 'đặt lại mật khẩu 2' },
    });
    expect(await reset.text()).not.toContain('scrypt$');
    const audit = await t.db.sql<{ action: string; body: string }[]>`
      select action, coalesce(before::text, '') || coalesce(after::text, '') as body from audit_log where entity = 'user' and entity_id = ${created.id}`;
    expect(audit.map((a) => a.action)).toEqual(['create', 'reset_password']);
    for (const a of audit) {
      expect(a.body).not.toContain('scrypt$');
      expect(a.body).not.toContain('mật khẩu');
    }
    const [stored] = await t.db.sql<{ h: string }[]>`select password_hash as h from users where id = ${created.id}`;
    expect(stored!.h).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  });

  it('validates role, organization, password length and duplicate usernames', async () => {
    const coop = await t.cooperative();
    const path = async (body: Record<string, unknown>) =>
      (await json(create(body), 400)).error.details.map((d: { path: string }) => d.path);
    expect(await path({ username: 'htx.a', displayName: 'A', role: 'cooperative', password: PW })).toEqual([
      'body.organizationId',
    ]);
    expect(
      await path({ username: 'htx.b', displayName: 'B', role: 'staff', organizationId: coop.org.id, password: PW }),
    ).toEqual(['body.organizationId']);
    expect(await path({ username: 'htx.c', displayName: 'C', role: 'staff', password: 'short' })).toEqual([
      'body.password',
    ]);
    expect(await path({ username: 'htx.c', displayName: 'C', role: 'staff', password: 'x'.repeat(201) })).toEqual([
      'body.password',
    ]);
    expect(await path({ username: 'htx.c', displayName: 'C', role: 'owner', password: PW })).toEqual(['body.role']);
    const units = await json(
      t.call('POST', '/api/v1/organizations', {
        key: t.keys.admin,
        body: {
          kind: 'association_unit',
          associationLevel: 'province',
          name: 'Hội ND thử',
          province: 'Tỉnh Thử nghiệm',
        },
      }),
      201,
    );
    expect(
      await path({ username: 'htx.d', displayName: 'D', role: 'cooperative', organizationId: units.id, password: PW }),
    ).toEqual(['body.organizationId']);
    await json(
      create({ username: 'htx.e', displayName: 'E', role: 'cooperative', organizationId: coop.org.id, password: PW }),
      201,
    );
    const dup = await json(create({ username: 'HTX.E', displayName: 'E2', role: 'staff', password: PW }), 400);
    expect(dup.error.details).toEqual([expect.objectContaining({ path: 'body.username', code: 'duplicate' })]);
  });

  it('ends every session of a user on reset and disable', async () => {
    const u = await t.user({ role: 'staff' });
    const b1 = await t.signIn(u.username, u.password);
    const b2 = await t.signIn(u.username, u.password);
    expect(await liveSessions(u.id)).toBe(2);
    await json(
      t.call('POST', `/api/v1/users/${u.id}/password`, {
        key: t.keys.admin,
        body: { password: 'new password via api' },
      }),
      200,
    );
    expect(await liveSessions(u.id)).toBe(0);
    expect((await b1.get('/console')).status).toBe(303);
    expect((await b2.get('/console')).status).toBe(303);
    const b3 = await t.signIn(u.username, 'new password via api');
    const disabled = await json(t.call('POST', `/api/v1/users/${u.id}/disable`, { key: t.keys.admin }), 200);
    expect(disabled.disabledAt).not.toBeNull();
    const out = await b3.get('/console');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole');
    const enabled = await json(t.call('POST', `/api/v1/users/${u.id}/enable`, { key: t.keys.admin }), 200);
    expect(enabled.disabledAt).toBeNull();
    await t.signIn(u.username, 'new password via api');
  });

  it('answers 404 for unknown and malformed user ids', async () => {
    expect(
      (await t.call('POST', '/api/v1/users/00000000-0000-4000-8000-000000000000/disable', { key: t.keys.admin }))
        .status,
    ).toBe(404);
    expect((await t.call('POST', '/api/v1/users/nope/disable', { key: t.keys.admin })).status).toBe(404);
  });
});

describe('users pages (admin)', () => {
  it('creates a cooperative user through the form, runs the API operation and audits it as the admin', async () => {
    const coop = await t.cooperative('HTX Trang Thử');
    const a = await t.user({ username: 'page.admin' });
    const admin = await t.signIn(a.username, a.password);
    const form = await admin.html('/console/users/new');
    expect(form).toContain(`<option value="${coop.org.id}">HTX Trang Thử</option>`);
    const res = await admin.post('/console/users/new', {
      username: 'ketoan.trangthu',
      displayName: 'Kế toán HTX',
      role: 'cooperative',
      organizationId: coop.org.id,
      password: PW,
      confirm: PW,
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/console\/users\/[0-9a-f-]{36}\?done=created$/);
    const page = await (await admin.follow(res)).text();
    expect(page).toContain('Đã tạo người dùng.');
    expect(page).toContain('HTX Trang Thử');
    const [entry] = await t.db.sql<{ actor: string; actorKeyId: string }[]>`
      select actor, actor_key_id from audit_log where entity = 'user' and action = 'create' and after->>'username' = 'ketoan.trangthu'`;
    expect(entry).toEqual({ actor: 'admin:page.admin', actorKeyId: a.id });
    await t.signIn('ketoan.trangthu', PW);
  });

  it('keeps what was typed and shows each error beside its field', async () => {
    const a = await t.user();
    const admin = await t.signIn(a.username, a.password);
    await admin.post('/console/users/new', {
      username: 'taken.name',
      displayName: 'A',
      role: 'staff',
      organizationId: '',
      password: PW,
      confirm: PW,
    });
    const res = await admin.post('/console/users/new', {
      username: 'taken.name',
      displayName: 'Nguyễn Văn B',
      role: 'cooperative',
      organizationId: '',
      password: 'short',
      confirm: 'short',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="Nguyễn Văn B"');
    expect(html).toContain('value="taken.name"');
    expect(html).toMatch(/id="f-organizationId-err">Người dùng hợp tác xã phải thuộc một đơn vị/);
    expect(html).toMatch(/id="f-password-err">Mật khẩu phải có ít nhất 10 ký tự/);
    expect(html).not.toContain('value="short"'); // passwords are never echoed
    const dup = await admin.post('/console/users/new', {
      username: 'taken.name',
      displayName: 'C',
      role: 'staff',
      organizationId: '',
      password: PW,
      confirm: PW,
    });
    expect(dup.status).toBe(400);
    expect(await dup.text()).toMatch(/id="f-username-err">Tên đăng nhập này đã có người dùng/);
    const mismatch = await admin.post('/console/users/new', {
      username: 'other.name',
      displayName: 'C',
      role: 'staff',
      organizationId: '',
      password: PW,
      confirm: `${PW}x`,
    });
    expect(await mismatch.text()).toMatch(/id="f-confirm-err">Hai lần nhập mật khẩu không khớp/);
  });

  it('escapes what users typed (no HTML injection)', async () => {
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const victim = await t.user({ displayName: evil });
    const a = await t.user();
    const admin = await t.signIn(a.username, a.password);
    for (const html of [await admin.html('/console/users'), await admin.html(`/console/users/${victim.id}`)]) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
    const self = await t.signIn(victim.username, victim.password);
    const home = await self.html('/console');
    expect(home).not.toContain('<script>alert');
    expect(home).toContain('&lt;script&gt;');
  });

  it('resets a password and disables a user, ending their sessions', async () => {
    const a = await t.user();
    const admin = await t.signIn(a.username, a.password);
    const u = await t.user({ role: 'staff' });
    const theirs = await t.signIn(u.username, u.password);
    const short = await admin.post(`/console/users/${u.id}/reset-password`, { password: 'short', confirm: 'short' });
    expect(short.status).toBe(400);
    expect(await short.text()).toMatch(/id="f-password-err">Mật khẩu phải có ít nhất 10 ký tự/);
    const reset = await admin.post(`/console/users/${u.id}/reset-password`, {
      password: 'admin chose this one',
      confirm: 'admin chose this one',
    });
    expect(reset.status).toBe(303);
    expect(await (await admin.follow(reset)).text()).toContain('Đã đặt lại mật khẩu');
    expect((await theirs.get('/console')).status).toBe(303);
    const again = await t.signIn(u.username, 'admin chose this one');
    const disable = await admin.post(`/console/users/${u.id}/disable`, {});
    expect(disable.status).toBe(303);
    const out = await again.get('/console');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole');
    const actions = await t.db.sql<{ action: string; actor: string }[]>`
      select action, actor from audit_log where entity = 'user' and entity_id = ${u.id} and action in ('reset_password', 'disable') order by id`;
    expect(actions).toEqual([
      { action: 'reset_password', actor: `admin:${a.username}` },
      { action: 'disable', actor: `admin:${a.username}` },
    ]);
    // an admin cannot lock themselves out
    const self = await admin.post(`/console/users/${a.id}/disable`, {});
    expect(self.status).toBe(409);
    expect((await admin.get('/console')).status).toBe(200);
  });

  it('is closed to staff and cooperative users', async () => {
    const coop = await t.cooperative();
    for (const opts of [{ role: 'staff' as const }, { role: 'cooperative' as const, organizationId: coop.org.id }]) {
      const u = await t.user(opts);
      const b = await t.signIn(u.username, u.password);
      expect((await b.get('/console/users')).status).toBe(403);
      expect((await b.get('/console/users/new')).status).toBe(403);
      const before = await t.db.sql`select count(*)::int as n from users`;
      expect(
        (
          await b.post('/console/users/new', {
            username: 'sneaky',
            displayName: 'S',
            role: 'admin',
            organizationId: '',
            password: PW,
            confirm: PW,
          })
        ).status,
      ).toBe(403);
      expect((await b.post(`/console/users/${u.id}/reset-password`, { password: PW, confirm: PW })).status).toBe(403);
      expect(await t.db.sql`select count(*)::int as n from users`).toEqual(before);
      expect(await b.html('/console')).not.toContain('href="/console/users"');
    }
  });
});

describe("changing one's own password", () => {
  it('needs the current password, checks the new one twice, and ends the other sessions only', async () => {
    const u = await t.user({ role: 'staff', password: 'my old password' });
    const here = await t.signIn(u.username, 'my old password');
    const elsewhere = await t.signIn(u.username, 'my old password');
    const form = { current: 'my old password', password: 'my new password', confirm: 'my new password' };

    const wrong = await here.post('/console/account/password', { ...form, current: 'not my password' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/id="f-current-err">Mật khẩu hiện tại không đúng/);
    const mismatch = await here.post('/console/account/password', { ...form, confirm: 'my new passwort' });
    expect(await mismatch.text()).toMatch(/id="f-confirm-err">Hai lần nhập mật khẩu không khớp/);
    const same = await here.post('/console/account/password', {
      ...form,
      password: 'my old password',
      confirm: 'my old password',
    });
    expect(await same.text()).toMatch(/id="f-password-err">Mật khẩu mới phải khác mật khẩu hiện tại/);

    const ok = await here.post('/console/account/password', form);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/console/account/password?done=1');
    expect(await (await here.follow(ok)).text()).toContain('Đã đổi mật khẩu.');
    expect((await here.get('/console')).status).toBe(200);
    expect((await elsewhere.get('/console')).status).toBe(303);
    expect(await liveSessions(u.id)).toBe(1);
    const old = t.browser();
    await old.get('/console/sign-in');
    expect((await old.post('/console/sign-in', { username: u.username, password: 'my old password' })).status).toBe(
      401,
    );
    await t.signIn(u.username, 'my new password');
    const actions = await t.db.sql<
      { action: string }[]
    >`select action from audit_log where entity = 'user' and entity_id = ${u.id} and action like 'change_password%' order by id`;
    expect(actions.map((a) => a.action)).toEqual(['change_password_failed', 'change_password']);
  });

  it('signs out everywhere when wrong current passwords lock the account', async () => {
    const u = await t.user({ role: 'staff' });
    const b = await t.signIn(u.username, u.password);
    let last: Response | undefined;
    for (let i = 0; i < 5; i++)
      last = await b.post('/console/account/password', {
        current: `guess ${i} guess`,
        password: 'whatever new one',
        confirm: 'whatever new one',
      });
    expect(last!.status).toBe(303);
    expect(last!.headers.get('location')).toBe('/console/sign-in');
    expect(await liveSessions(u.id)).toBe(0);
    const locked = t.browser();
    await locked.get('/console/sign-in');
    expect((await locked.post('/console/sign-in', { username: u.username, password: u.password })).status).toBe(429);
  });
});

describe('guessing the current password on the change form', () => {
  it('is slowed down like guessing at sign-in, without ending the session', async () => {
    const u = await t.user({ role: 'staff' });
    const b = await t.signIn(u.username, u.password, { headers: { 'x-forwarded-for': '192.0.2.10' } });
    // eleven wrong passwords for this username from eleven other networks
    for (let i = 0; i < 11; i++) {
      const other = t.browser({ headers: { 'x-forwarded-for': `198.18.${i}.1` } });
      await other.get('/console/sign-in');
      expect(
        (await other.post('/console/sign-in', { username: u.username, password: `guess ${i} guess` })).status,
      ).toBe(401);
    }
    const res = await b.post('/console/account/password', {
      current: 'a guess at it',
      password: 'whatever new one',
      confirm: 'whatever new one',
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.text()).toMatch(/id="f-current-err">Nhập sai quá nhiều lần\. Hãy thử lại sau 2 giây\./);
    expect((await b.get('/console')).status).toBe(200);
  });
});

describe('a password an admin has reset', () => {
  const PASSWORD_PAGE = '/console/account/password';

  it('must be replaced at the next sign-in before any other page opens', async () => {
    const u = await t.user({ role: 'staff' });
    const reset = await json(
      t.call('POST', `/api/v1/users/${u.id}/password`, { key: t.keys.admin, body: { password: 'set by the admin 1' } }),
      200,
    );
    expect(reset.mustChangePassword).toBe(true);

    const b = t.browser();
    await b.get('/console/sign-in');
    const signedIn = await b.post('/console/sign-in', {
      username: u.username,
      password: 'set by the admin 1',
      next: '/console/trace',
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe(PASSWORD_PAGE);
    for (const path of ['/console', '/console/trace', '/console/findings']) {
      const res = await b.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe(PASSWORD_PAGE);
    }
    const form = await b.html(PASSWORD_PAGE);
    expect(form).toContain('Quản trị viên đã đặt lại mật khẩu của bạn. Hãy chọn mật khẩu mới trước khi tiếp tục.');
    // nothing but the password form (and signing out) accepts a post
    const recall = await b.post('/console/recall', { batchId: '00000000-0000-4000-8000-000000000000' });
    expect(recall.status).toBe(303);
    expect(recall.headers.get('location')).toBe(PASSWORD_PAGE);

    const changed = await b.post(PASSWORD_PAGE, {
      current: 'set by the admin 1',
      password: 'only I know this one',
      confirm: 'only I know this one',
    });
    expect(changed.status).toBe(303);
    expect((await b.get('/console')).status).toBe(200);
    expect((await json(t.call('GET', `/api/v1/users/${u.id}`, { key: t.keys.admin }), 200)).mustChangePassword).toBe(
      false,
    );
    const entries = await t.db.sql<{ action: string; after: Record<string, unknown> }[]>`
      select action, after from audit_log
      where entity = 'user' and entity_id = ${u.id} and action in ('reset_password', 'sign_in', 'change_password')
      order by id`;
    expect(entries.map((e) => [e.action, e.after.mustChangePassword])).toEqual([
      ['reset_password', true],
      ['sign_in', true],
      ['change_password', false],
    ]);
  });

  it('is set by the console’s reset too, and a user may sign out instead', async () => {
    const a = await t.user();
    const admin = await t.signIn(a.username, a.password);
    const u = await t.user({ role: 'staff' });
    await admin.html(`/console/users/${u.id}`);
    const reset = await admin.post(`/console/users/${u.id}/reset-password`, {
      password: 'admin chose this one',
      confirm: 'admin chose this one',
    });
    expect(reset.status).toBe(303);
    expect(await (await admin.follow(reset)).text()).toContain('Phải đổi mật khẩu khi đăng nhập');
    const b = t.browser();
    await b.get('/console/sign-in');
    const res = await b.post('/console/sign-in', { username: u.username, password: 'admin chose this one' });
    expect(res.headers.get('location')).toBe(PASSWORD_PAGE);
    await b.html(PASSWORD_PAGE);
    const out = await b.post('/console/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/console/sign-in');
    expect(await liveSessions(u.id)).toBe(0);
  });
});
