// GET /console: who is signed in, what they may open, and the home panels modules contribute
// for this role (a cooperative's products and batches, staff findings… as they are built).
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../http/types';
import { formatTime } from '../pages/i18n';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleModule } from './env';
import { ROLE_NAMES, texts } from './i18n';
import { page } from './render';

export async function homePage(c: ConsoleContext, deps: AppDeps, modules: readonly ConsoleModule[]) {
  const t = texts(c);
  const lang = c.get('lang');
  const s = c.get('session')!;
  const nav = (c.get('nav') ?? []).filter((n) => n.roles.includes(s.role));
  const panels: Child[] = [];
  for (const m of modules) {
    if (!m.home) continue;
    const panel = await m.home(c, deps);
    if (panel !== null && panel !== undefined) panels.push(panel);
  }
  return page(c, {
    title: t.home,
    children: (
      <>
        <h1>{t.welcome(s.displayName)}</h1>
        <section>
          <dl>
            <dt>{t.username}</dt><dd>{s.username}</dd>
            <dt>{t.role}</dt><dd>{ROLE_NAMES[lang][s.role]}</dd>
            {s.organizationName ? <><dt>{t.organization}</dt><dd>{s.organizationName}</dd></> : null}
            <dt>{t.sessionUntil}</dt><dd>{formatTime(lang, s.expiresAt)}</dd>
          </dl>
        </section>
        {panels}
        {nav.length ? (
          <section>
            <h2>{t.whatNext}</h2>
            <ul>{nav.map((n) => <li><a href={CONSOLE_BASE + n.href}>{n.label[lang]}</a></li>)}</ul>
          </section>
        ) : null}
      </>
    ),
  });
}
