// Admin pages for API keys: the list (name, prefix, role, organization, state; never a secret),
// creating one (the key is shown once, on the answer page, and never again), and revoking one.
// Every action runs the /keys operations (src/http/routes/keys.ts).
import { Hono } from 'hono';
import type { Organization } from '../../db/organizations-store';
import type { Role } from '../../domain/roles';
import { keyOps, organizationOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatTime, type Lang } from '../../pages/i18n';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { fieldErrors, readForm, values, type FieldErrors } from '../form';
import { ROLE_NAMES } from '../texts/common';
import { callOp, submitOp } from '../ops';
import { page } from '../render';
import { ST } from './i18n';
import { Notice } from '../ui/blocks';
import { CsrfInput, Field, SelectField } from '../ui/fields';
import { StaffStyle } from '../ui/styles';

const TXT = {
  vi: {
    title: 'Khóa API',
    intro: 'Khóa API cho phần mềm khác kết nối với hệ thống (máy in tem, phần mềm kế toán…). Mỗi khóa có một vai trò; khóa của hợp tác xã chỉ truy cập dữ liệu của đơn vị đó.',
    add: 'Tạo khóa API',
    name: 'Tên khóa',
    nameHint: 'Để nhận ra khóa sau này, ví dụ: “Máy in tem HTX Cao Bồ”.',
    prefix: 'Mã nhận diện',
    role: 'Vai trò',
    organization: 'Đơn vị',
    orgHint: 'Bắt buộc với vai trò Hợp tác xã; để trống với quản trị viên và cán bộ.',
    orgNeeded: 'Khóa của hợp tác xã phải thuộc một đơn vị; khóa quản trị viên và cán bộ thì không',
    created: 'Tạo lúc',
    state: 'Trạng thái',
    active: 'Đang dùng',
    revokedAt: (at: string) => `Đã thu hồi lúc ${at}`,
    revoke: 'Thu hồi khóa',
    revoked: 'Đã thu hồi khóa. Phần mềm dùng khóa này không truy cập được nữa.',
    none: 'Chưa có khóa API.',
    create: 'Tạo khóa',
    shownOnce: 'Khóa mới đã được tạo. Hãy chép khóa dưới đây ngay: đây là lần duy nhất khóa được hiển thị; hệ thống chỉ lưu bản băm của khóa.',
    copyHint: 'Đưa khóa vào cấu hình của phần mềm dưới dạng tiêu đề “Authorization: Bearer <khóa>”.',
    back: 'Về danh sách khóa',
    needed: 'Không được để trống',
  },
  en: {
    title: 'API keys',
    intro: 'API keys let other software reach the service (stamp printers, accounting software…). Each key has a role; a cooperative’s key reaches that organization’s data only.',
    add: 'Create an API key',
    name: 'Key name',
    nameHint: 'To recognise the key later, e.g. “Stamp printer, Cao Bồ cooperative”.',
    prefix: 'Identifier',
    role: 'Role',
    organization: 'Organization',
    orgHint: 'Required for the Cooperative role; leave empty for administrators and staff.',
    orgNeeded: 'A cooperative key belongs to one organization; administrator and staff keys do not',
    created: 'Created',
    state: 'State',
    active: 'In use',
    revokedAt: (at: string) => `Revoked on ${at}`,
    revoke: 'Revoke the key',
    revoked: 'Key revoked. Software using it can no longer get in.',
    none: 'No API keys yet.',
    create: 'Create the key',
    shownOnce: 'The new key was created. Copy it now: this is the only time it is shown; only its hash is stored.',
    copyHint: 'Configure the software to send it as the header “Authorization: Bearer <key>”.',
    back: 'Back to the keys',
    needed: 'Must not be empty',
  },
} as const;

type Texts = (typeof TXT)[Lang];
const base = `${CONSOLE_BASE}/keys`;

async function organizations(deps: AppDeps, c: ConsoleContext): Promise<Organization[]> {
  const p = await callOp(deps, c, organizationOps.list, { query: { limit: '200' } });
  return p.items.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

function KeyForm(props: { lang: Lang; t: Texts; csrf: string | undefined; v: Record<string, string>; e: FieldErrors; orgs: Organization[] }) {
  const { lang, t, v, e } = props;
  return (
    <form method="post" action={`${base}/new`} novalidate class="narrow">
      <CsrfInput token={props.csrf} />
      <Field name="name" label={t.name} value={v.name} error={e.name} hint={t.nameHint} required maxlength={200} autocomplete="off" />
      <SelectField name="role" label={t.role} value={v.role || 'cooperative'} error={e.role} required
        options={(['cooperative', 'staff', 'admin'] as const).map((r) => ({ value: r, label: ROLE_NAMES[lang][r] }))} />
      <SelectField name="organizationId" label={t.organization} value={v.organizationId} error={e.organizationId} hint={t.orgHint}
        options={[{ value: '', label: ST[lang].none }, ...props.orgs.filter((o) => o.kind !== 'association_unit').map((o) => ({ value: o.id, label: o.name }))]} />
      <button type="submit">{t.create}</button>
    </form>
  );
}

async function newKeyPage(deps: AppDeps, c: ConsoleContext, s: { values?: Record<string, string>; errors?: FieldErrors; status?: number } = {}) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const e = s.errors ?? {};
  return page(c, {
    title: t.add,
    status: s.status,
    children: (
      <>
        <p><a href={base}>← {t.title}</a></p>
        <h1>{t.add}</h1>
        {Object.keys(e).length ? <Notice kind="error"><p>{e._form ?? ST[lang].fixBelow}</p></Notice> : null}
        <KeyForm lang={lang} t={t} csrf={c.get('session')?.csrfToken} v={s.values ?? {}} e={e} orgs={await organizations(deps, c)} />
      </>
    ),
  });
}

function keysRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('admin'));

  r.get('/', async (c) => {
    const lang = c.get('lang');
    const t = TXT[lang];
    const [{ items }, orgs] = await Promise.all([
      callOp(deps, c, keyOps.list),
      organizations(deps, c),
    ]);
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const csrf = c.get('session')?.csrfToken;
    return page(c, {
      title: t.title,
      children: (
        <>
          <StaffStyle />
          <h1>{t.title}</h1>
          <p>{t.intro}</p>
          {c.req.query('done') === 'revoked' ? <Notice kind="ok">{t.revoked}</Notice> : null}
          <p><a href={`${base}/new`}>{t.add}</a></p>
          {items.length ? (
            <div class="tbl" tabindex={0}>
              <table>
                <thead><tr><th scope="col">{t.name}</th><th scope="col">{t.prefix}</th><th scope="col">{t.role}</th><th scope="col">{t.organization}</th><th scope="col">{t.created}</th><th scope="col">{t.state}</th></tr></thead>
                <tbody>
                  {[...items].reverse().map((k) => (
                    <tr>
                      <td>{k.name}</td>
                      <td><code>{`ocop_${k.prefix}_…`}</code></td>
                      <td>{ROLE_NAMES[lang][k.role]}</td>
                      <td>{k.organizationId ? names.get(k.organizationId) ?? '—' : '—'}</td>
                      <td>{formatTime(lang, k.createdAt)}</td>
                      <td>
                        {k.revokedAt ? <span class="tag">{t.revokedAt(formatTime(lang, k.revokedAt))}</span> : (
                          <form method="post" action={`${base}/${k.id}/revoke`}>
                            <CsrfInput token={csrf} />
                            <span class="tag">{t.active}</span> <button type="submit" class="danger">{t.revoke}</button>
                          </form>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p>{t.none}</p>}
        </>
      ),
    });
  });

  r.get('/new', (c) => newKeyPage(deps, c));

  r.post('/new', async (c) => {
    const lang = c.get('lang');
    const t = TXT[lang];
    const v = values(await readForm(c), ['name', 'role', 'organizationId']);
    const res = await submitOp(deps, c, keyOps.create, {
      // As chosen (or forged) in the form: a role that does not exist is the API's to refuse, beside the field.
      body: { name: v.name, role: v.role as Role, organizationId: v.organizationId || null },
    });
    if (!res.ok) {
      const errors = fieldErrors(res.error, lang, (name, code) =>
        name === 'organizationId' && code === 'custom' ? t.orgNeeded : name === 'name' && code === 'too_small' ? t.needed : undefined);
      return newKeyPage(deps, c, { values: v, errors, status: res.error.status });
    }
    // The only time the key exists outside the caller's hands: rendered here (no-store), never redirected or kept.
    const k = res.body;
    return page(c, {
      title: t.add,
      status: 201,
      children: (
        <>
          <h1>{k.name}</h1>
          <Notice kind="ok">{t.shownOnce}</Notice>
          <section>
            <p><code id="new-key">{k.key}</code></p>
            <p class="hint">{t.copyHint}</p>
            <dl>
              <dt>{t.role}</dt><dd>{ROLE_NAMES[lang][k.role]}</dd>
              <dt>{t.prefix}</dt><dd><code>{`ocop_${k.prefix}_…`}</code></dd>
            </dl>
          </section>
          <p><a href={base}>{t.back}</a></p>
        </>
      ),
    });
  });

  r.post('/:id/revoke', async (c) => {
    await callOp(deps, c, keyOps.revoke, { params: { id: c.req.param('id') } });
    return c.redirect(`${base}?done=revoked`, 303);
  });
  return r;
}

export const keysModule: ConsoleModule = {
  path: '/keys',
  routes: keysRoutes,
  nav: [{ href: '/keys', label: { vi: 'Khóa API', en: 'API keys' }, roles: ['admin'] }],
};
