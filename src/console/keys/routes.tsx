// Admin pages for API keys (/console/keys): the list, creating one (the key is shown once, on
// the answer page, and never again), and revoking one, through the /keys operations.
import { Hono } from 'hono';
import type { Organization } from '../../db/organizations-store';
import type { Role } from '../../domain/roles';
import { keyOps, organizationOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { fieldErrors, readForm, values, type FieldErrors } from '../form';
import { callOp, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { KEY_TEXTS } from '../texts/keys';
import { KeyCreated, KeyList, NewKeyForm } from './views';

async function organizations(deps: AppDeps, c: ConsoleContext): Promise<Organization[]> {
  const p = await callOp(deps, c, organizationOps.list, { query: { limit: '200' } });
  return p.items.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

type FormState = { values?: Record<string, string>; errors?: FieldErrors; status?: number };

async function newKeyPage(deps: AppDeps, c: ConsoleContext, s: FormState = {}) {
  const t = KEY_TEXTS[c.get('lang')];
  const orgs = await organizations(deps, c);
  return page(c, {
    title: t.add,
    status: s.status,
    children: (
      <NewKeyForm
        t={t}
        lang={c.get('lang')}
        csrf={c.get('session')?.csrfToken}
        values={s.values ?? {}}
        errors={s.errors ?? {}}
        orgs={orgs}
      />
    ),
  });
}

function keysRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('admin'));

  r.get('/', async (c) => {
    const t = KEY_TEXTS[c.get('lang')];
    // newest first, a page at a time: keys pile up over the years (each cooperative's, revoked ones)
    const cursor = c.req.query('cursor') || undefined;
    const [keys, orgs] = await Promise.all([
      callOp(deps, c, keyOps.list, { query: { order: 'newest', limit: '50', cursor } }),
      organizations(deps, c),
    ]);
    return page(c, {
      title: t.title,
      children: (
        <KeyList
          t={t}
          lang={c.get('lang')}
          csrf={c.get('session')?.csrfToken}
          keys={keys.items}
          next={keys.nextCursor ? `${CONSOLE_BASE}/keys?cursor=${keys.nextCursor}` : null}
          first={cursor ? `${CONSOLE_BASE}/keys` : null}
          orgs={orgs}
          revoked={c.req.query('done') === 'revoked'}
        />
      ),
    });
  });

  r.get('/new', (c) => newKeyPage(deps, c));

  r.post('/new', async (c) => {
    const lang = c.get('lang');
    const t = KEY_TEXTS[lang];
    const v = values(await readForm(c), ['name', 'role', 'organizationId']);
    const res = await submitOp(deps, c, keyOps.create, {
      // As chosen (or forged) in the form: a role that does not exist is the API's to refuse, beside the field.
      body: { name: v.name, role: v.role as Role, organizationId: v.organizationId || null },
    });
    if (!res.ok) {
      const errors = fieldErrors(res.error, lang, (name, code) =>
        name === 'organizationId' && code === 'custom'
          ? t.orgNeeded
          : name === 'name' && code === 'too_small'
            ? t.needed
            : undefined,
      );
      return newKeyPage(deps, c, { values: v, errors, status: res.error.status });
    }
    // Rendered here, never redirected or kept: the key's only appearance.
    return page(c, { title: t.add, status: 201, children: <KeyCreated t={t} lang={lang} created={res.body} /> });
  });

  r.post('/:id/revoke', async (c) => {
    await callOp(deps, c, keyOps.revoke, { params: { id: c.req.param('id') } });
    return c.redirect(`${CONSOLE_BASE}/keys?done=revoked`, 303);
  });
  return r;
}

export const keysModule: ConsoleModule = {
  path: '/keys',
  routes: keysRoutes,
  nav: [{ href: '/keys', label: inLanguages(KEY_TEXTS, (t) => t.title), roles: ['admin'] }],
};
