// Admin pages for organizations (association units, cooperatives, groups, enterprises): the list
// with filters, registering one, and changing one. Every action runs the /organizations
// operations (src/http/routes/organizations.ts): their validation (GLN check digit, levels only
// for association units, parents that are association units) lands beside the fields.
import { Hono } from 'hono';
import { ASSOCIATION_LEVELS, ORGANIZATION_KINDS, type Organization } from '../../db/organizations-store';
import { organizationOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatTime, type Lang } from '../../pages/i18n';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { fieldErrors, readForm, values, type FieldErrors } from '../form';
import { callOp, submitOp, type BodyOf } from '../ops';
import { page } from '../render';
import { ORG_KINDS, ST } from './i18n';
import { Notice } from '../ui/blocks';
import { CsrfInput, Field, SelectField } from '../ui/fields';
import { qs } from '../ui/links';
import { StaffStyle } from '../ui/styles';

const TXT = {
  vi: {
    title: 'Tổ chức',
    add: 'Đăng ký tổ chức',
    kind: 'Loại tổ chức',
    level: 'Cấp Hội',
    levelHint: 'Chỉ với đơn vị Hội Nông dân.',
    levels: { province: 'Tỉnh', district: 'Huyện', commune: 'Xã' } as Record<string, string>,
    name: 'Tên tổ chức',
    registrationCode: 'Mã số đăng ký (hợp tác xã, doanh nghiệp)',
    province: 'Tỉnh',
    commune: 'Xã/phường',
    address: 'Địa chỉ',
    gln: 'Mã GLN (13 số)',
    glnHint: 'Mã địa điểm toàn cầu GS1, nếu có; chữ số cuối là số kiểm tra.',
    parent: 'Thuộc đơn vị Hội',
    contactName: 'Người liên hệ',
    contactPhone: 'Điện thoại',
    contactEmail: 'Thư điện tử',
    search: 'Tên hoặc mã',
    create: 'Đăng ký',
    save: 'Lưu thay đổi',
    created: 'Đã đăng ký tổ chức.',
    saved: 'Đã lưu thay đổi.',
    none: 'Không có tổ chức nào khớp bộ lọc.',
    updated: 'Cập nhật lúc',
    edit: 'Sửa thông tin',
    findings: 'Phát hiện về tổ chức này',
    needed: 'Không được để trống',
  },
  en: {
    title: 'Organizations',
    add: 'Register an organization',
    kind: 'Kind',
    level: 'Association level',
    levelHint: 'Only for Farmers’ Association units.',
    levels: { province: 'Province', district: 'District', commune: 'Commune' } as Record<string, string>,
    name: 'Name',
    registrationCode: 'Registration code (cooperatives, enterprises)',
    province: 'Province',
    commune: 'Commune/ward',
    address: 'Address',
    gln: 'GLN (13 digits)',
    glnHint: 'GS1 Global Location Number, if any; the last digit is a check digit.',
    parent: 'Under association unit',
    contactName: 'Contact person',
    contactPhone: 'Phone',
    contactEmail: 'E-mail',
    search: 'Name or code',
    create: 'Register',
    save: 'Save changes',
    created: 'Organization registered.',
    saved: 'Changes saved.',
    none: 'No organization matches the filters.',
    updated: 'Updated',
    edit: 'Change the details',
    findings: 'Findings about this organization',
    needed: 'Must not be empty',
  },
} as const;

type Texts = (typeof TXT)[Lang];
const base = `${CONSOLE_BASE}/organizations`;
const FIELDS = [
  'kind', 'associationLevel', 'name', 'registrationCode', 'province', 'commune', 'address', 'gln', 'parentId',
  'contactName', 'contactPhone', 'contactEmail',
] as const;
type OrgBody = BodyOf<typeof organizationOps.create>;

/** The operation's body from the form: optional fields left empty are null, required ones go as typed. */
function bodyOf(v: Record<(typeof FIELDS)[number], string>): OrgBody {
  const optional = (k: (typeof FIELDS)[number]) => v[k].trim() || null;
  return {
    // As chosen (or forged) in the form: a kind or level the API does not know is its schema's to refuse, beside the field.
    kind: v.kind.trim() as OrgBody['kind'],
    associationLevel: optional('associationLevel') as OrgBody['associationLevel'],
    name: v.name.trim(),
    registrationCode: optional('registrationCode'),
    province: v.province.trim(),
    commune: optional('commune'),
    address: optional('address'),
    gln: optional('gln'),
    parentId: optional('parentId'),
    contactName: optional('contactName'),
    contactPhone: optional('contactPhone'),
    contactEmail: optional('contactEmail'),
  };
}

function valuesOf(o: Organization): Record<string, string> {
  return Object.fromEntries(FIELDS.map((k) => [k, (o[k] as string | null) ?? '']));
}

async function associationUnits(deps: AppDeps, c: ConsoleContext): Promise<Organization[]> {
  const p = await callOp(deps, c, organizationOps.list, { query: { kind: 'association_unit', limit: '200' } });
  return p.items;
}

function OrgForm(props: { lang: Lang; t: Texts; action: string; csrf: string | undefined; v: Record<string, string>; e: FieldErrors; units: Organization[]; self?: string; submit: string }) {
  const { lang, t, v, e } = props;
  const st = ST[lang];
  return (
    <form method="post" action={props.action} novalidate>
      <CsrfInput token={props.csrf} />
      <div class="grid">
        <SelectField name="kind" label={t.kind} value={v.kind || 'cooperative'} error={e.kind} required
          options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: ORG_KINDS[lang][k] ?? k }))} />
        <SelectField name="associationLevel" label={t.level} value={v.associationLevel} error={e.associationLevel} hint={t.levelHint}
          options={[{ value: '', label: st.none }, ...ASSOCIATION_LEVELS.map((l) => ({ value: l, label: t.levels[l] ?? l }))]} />
      </div>
      <Field name="name" label={t.name} value={v.name} error={e.name} required maxlength={300} />
      <div class="grid">
        <Field name="registrationCode" label={t.registrationCode} value={v.registrationCode} error={e.registrationCode} maxlength={50} />
        <Field name="gln" label={t.gln} value={v.gln} error={e.gln} hint={t.glnHint} inputmode="numeric" maxlength={13} />
      </div>
      <div class="grid">
        <Field name="province" label={t.province} value={v.province} error={e.province} required maxlength={100} />
        <Field name="commune" label={t.commune} value={v.commune} error={e.commune} maxlength={100} />
      </div>
      <Field name="address" label={t.address} value={v.address} error={e.address} maxlength={500} />
      <SelectField name="parentId" label={t.parent} value={v.parentId} error={e.parentId}
        options={[{ value: '', label: st.none }, ...props.units.filter((u) => u.id !== props.self).map((u) => ({ value: u.id, label: u.name }))]} />
      <div class="grid">
        <Field name="contactName" label={t.contactName} value={v.contactName} error={e.contactName} maxlength={200} />
        <Field name="contactPhone" label={t.contactPhone} type="tel" value={v.contactPhone} error={e.contactPhone} maxlength={30} />
        <Field name="contactEmail" label={t.contactEmail} type="email" value={v.contactEmail} error={e.contactEmail} maxlength={254} />
      </div>
      <button type="submit">{props.submit}</button>
    </form>
  );
}

const own = (t: Texts) => (name: string, code: string) => ((name === 'name' || name === 'province') && code === 'too_small' ? t.needed : undefined);

async function formPage(deps: AppDeps, c: ConsoleContext, s: { org?: Organization; values?: Record<string, string>; errors?: FieldErrors; status?: number; notice?: string }) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const e = s.errors ?? {};
  const units = await associationUnits(deps, c);
  const title = s.org ? s.org.name : t.add;
  return page(c, {
    title,
    status: s.status,
    children: (
      <>
        <StaffStyle />
        <p><a href={base}>← {t.title}</a></p>
        <h1>{title}</h1>
        {s.notice ? <Notice kind="ok">{s.notice}</Notice> : null}
        {Object.keys(e).length ? <Notice kind="error"><p>{e._form ?? ST[lang].fixBelow}</p></Notice> : null}
        {s.org ? (
          <p class="muted">
            {ORG_KINDS[lang][s.org.kind]} · {t.updated}: {formatTime(lang, s.org.updatedAt)}
            {s.org.kind !== 'association_unit' ? <> · <a href={`${CONSOLE_BASE}/findings${qs({ view: 'all', cooperativeId: s.org.id })}`}>{t.findings}</a></> : null}
          </p>
        ) : null}
        <section>
          {s.org ? <h2>{t.edit}</h2> : null}
          <OrgForm lang={lang} t={t} action={s.org ? `${base}/${s.org.id}` : `${base}/new`} csrf={c.get('session')?.csrfToken}
            v={s.values ?? (s.org ? valuesOf(s.org) : {})} e={e} units={units} self={s.org?.id} submit={s.org ? t.save : t.create} />
        </section>
      </>
    ),
  });
}

function organizationsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('admin'));

  r.get('/', async (c) => {
    const lang = c.get('lang');
    const t = TXT[lang];
    const st = ST[lang];
    const f = { kind: c.req.query('kind') ?? '', q: c.req.query('q') ?? '', province: c.req.query('province') ?? '' };
    const res = await submitOp(deps, c, organizationOps.list, { query: { ...f, cursor: c.req.query('cursor'), limit: '100' } });
    const errors = res.ok ? {} : fieldErrors(res.error, lang);
    const list = res.ok ? res.body : { items: [], nextCursor: null };
    return page(c, {
      title: t.title,
      status: res.ok ? 200 : res.error.status,
      children: (
        <>
          <StaffStyle />
          <h1>{t.title}</h1>
          <p><a href={`${base}/new`}>{t.add}</a></p>
          <section>
            <form method="get" action={base}>
              {errors._form ? <Notice kind="error"><p>{errors._form}</p></Notice> : null}
              <div class="grid">
                <SelectField name="kind" label={t.kind} value={f.kind} error={errors.kind}
                  options={[{ value: '', label: st.any }, ...ORGANIZATION_KINDS.map((k) => ({ value: k, label: ORG_KINDS[lang][k] ?? k }))]} />
                <Field name="q" label={t.search} value={f.q} error={errors.q} maxlength={100} />
                <Field name="province" label={t.province} value={f.province} error={errors.province} maxlength={100} />
              </div>
              <div class="actions"><button type="submit">{st.filter}</button><a href={base}>{st.clear}</a></div>
            </form>
          </section>
          {list.items.length ? (
            <div class="tbl" tabindex={0}>
              <table>
                <thead><tr><th scope="col">{t.name}</th><th scope="col">{t.kind}</th><th scope="col">{t.province}</th><th scope="col">{t.contactName}</th></tr></thead>
                <tbody>
                  {list.items.map((o) => (
                    <tr>
                      <td><a href={`${base}/${o.id}`}>{o.name}</a>{o.registrationCode ? <span class="muted"> · {o.registrationCode}</span> : null}</td>
                      <td>{ORG_KINDS[lang][o.kind] ?? o.kind}{o.associationLevel ? ` (${t.levels[o.associationLevel]})` : ''}</td>
                      <td>{[o.commune, o.province].filter(Boolean).join(', ')}</td>
                      <td>{[o.contactName, o.contactPhone].filter(Boolean).join(' · ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <p>{t.none}</p>}
          {list.nextCursor ? <p><a href={`${base}${qs({ ...f, cursor: list.nextCursor })}`}>{st.more}</a></p> : null}
        </>
      ),
    });
  });

  r.get('/new', (c) => formPage(deps, c, {}));

  r.post('/new', async (c) => {
    const t = TXT[c.get('lang')];
    const v = values(await readForm(c), FIELDS);
    const res = await submitOp(deps, c, organizationOps.create, { body: bodyOf(v) });
    if (!res.ok) return formPage(deps, c, { values: v, errors: fieldErrors(res.error, c.get('lang'), own(t)), status: res.error.status });
    return c.redirect(`${base}/${res.body.id}?done=created`, 303);
  });

  r.get('/:id', async (c) => {
    const t = TXT[c.get('lang')];
    const org = await callOp(deps, c, organizationOps.get, { params: { id: c.req.param('id') } });
    const done = c.req.query('done');
    return formPage(deps, c, { org, notice: done === 'created' ? t.created : done === 'saved' ? t.saved : undefined });
  });

  r.post('/:id', async (c) => {
    const t = TXT[c.get('lang')];
    const id = c.req.param('id');
    const v = values(await readForm(c), FIELDS);
    const res = await submitOp(deps, c, organizationOps.update, { params: { id }, body: bodyOf(v) });
    if (res.ok) return c.redirect(`${base}/${id}?done=saved`, 303);
    const org = await callOp(deps, c, organizationOps.get, { params: { id } });
    return formPage(deps, c, { org, values: v, errors: fieldErrors(res.error, c.get('lang'), own(t)), status: res.error.status });
  });
  return r;
}

export const organizationsModule: ConsoleModule = {
  path: '/organizations',
  routes: organizationsRoutes,
  nav: [{ href: '/organizations', label: { vi: 'Tổ chức', en: 'Organizations' }, roles: ['admin'] }],
};
