// The console's page shell: the public pages' CSS (one look, no web fonts, no script) with a wider
// main column, the signed-in user, sign-out and a nav per role. Every text is a JSX child or
// attribute, so hono/jsx escapes it.
import type { Child } from 'hono/jsx';
import { CSS } from '../../pages/layout';
import type { Lang } from '../../pages/i18n';
import type { SessionUser } from '../../db/sessions-store';
import { CONSOLE_BASE, type NavItem } from '../env';
import { COMMON, ROLE_NAMES } from '../texts/common';
import { CsrfInput } from './fields';

export const CONSOLE_CSS = `header,main,footer,.cn{max-width:64rem}.cn{margin:0 auto;padding:0 1rem}
.cn ul{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1rem;padding:.4rem 0;margin:0;border-bottom:2px solid #d9e2d0}
.cn a[aria-current]{font-weight:700;color:#1b1b1b;text-decoration:none}header p a{color:inherit;text-decoration:none}
.who{display:flex;align-items:center;gap:.6rem;flex-wrap:wrap;font-size:.9rem}.who form{margin:0}
.who button,.btn2{margin:0;padding:.3rem .7rem;background:#fff;color:#2d5a27;border:1px solid #2d5a27}
.ferr{color:#a4221b;margin:.2rem 0 0;font-size:.9rem;font-weight:600}[aria-invalid=true]{border:2px solid #a4221b}
.hint{color:#555;font-size:.85rem;margin:.1rem 0 0}select{width:100%;font:inherit;padding:.4rem;border:1px solid #888;border-radius:4px;background:#fff}
.notice{border-left:5px solid #1e7b34;background:#eef8f0}.errsum{border:2px solid #b3261e;background:#fdeeed}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center}.danger{background:#a4221b}.narrow{max-width:26rem}
.irrev{border-left:5px solid #b3261e;background:#fdf6f5}.irrev ul{margin:.3rem 0;padding-left:1.2rem}
.cancel{display:inline-block;padding:.55rem 1.4rem;border:2px solid #2d5a27;border-radius:6px;background:#fff;color:#2d5a27;font-weight:600;text-decoration:none}
.confirm{margin-top:3rem;padding-top:1rem;border-top:1px dashed #c9c9c0}
.next{font-weight:600;margin:.5rem 0 1rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.tbl{overflow-x:auto}input[type=checkbox],input[type=radio]{width:auto}
@media (max-width:40rem){main dl{grid-template-columns:minmax(0,40%) minmax(0,1fr)}.cards table,.cards tbody,.cards tr,.cards td,.cards tbody th{display:block;width:auto}.cards thead{display:none}
.cards tr{border:1px solid #dcdcd5;border-radius:8px;background:#fff;margin:.5rem 0;padding:.3rem .7rem}
.cards td,.cards tbody th{display:flow-root;border:0;padding:.15rem 0;text-align:left;white-space:normal;overflow-wrap:anywhere;min-width:0}
.cards tbody>tr>::before{float:left;width:38%;padding-right:.5rem;font-size:.85rem;font-weight:400;color:#555}.cards td input,.cards td select{width:62%;min-width:0}.cards tbody th::before{float:none;display:block;width:auto}
.tbl.cards{overflow:visible}}`;

export function Layout(props: {
  lang: Lang;
  title: string;
  /** The same page in the other language. */
  switchHref: string;
  session?: SessionUser | undefined;
  csrf?: string | undefined;
  nav?: readonly NavItem[];
  /** The current path, to mark the nav entry. */
  path?: string;
  /** Seconds after which the page reloads itself (a run's progress page); none by default. */
  refreshSeconds?: number;
  children: Child;
}) {
  const t = COMMON[props.lang];
  const s = props.session;
  const items = s ? (props.nav ?? []).filter((n) => n.roles.includes(s.role)) : [];
  const current = (href: string) => {
    const full = CONSOLE_BASE + (href === '/' ? '' : href);
    return props.path === full || (href !== '/' && props.path?.startsWith(`${full}/`)) ? 'page' : undefined;
  };
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        {props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null}
        <title>{`${props.title} · ${t.site}`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS + CONSOLE_CSS }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header>
          <p>
            <a href={CONSOLE_BASE}>{t.site}</a>
          </p>
          <div class="who">
            {s ? (
              <>
                <span>
                  {t.signedInAs}: <b>{s.displayName}</b> ({ROLE_NAMES[props.lang][s.role]}
                  {s.organizationName ? ` · ${s.organizationName}` : ''})
                </span>
                <form method="post" action={`${CONSOLE_BASE}/sign-out`}>
                  <CsrfInput token={props.csrf} />
                  <button type="submit">{t.signOut}</button>
                </form>
              </>
            ) : null}
            <a
              href={props.switchHref}
              lang={props.lang === 'vi' ? 'en' : 'vi'}
              hreflang={props.lang === 'vi' ? 'en' : 'vi'}
            >
              {t.switchTo}
            </a>
          </div>
        </header>
        {s ? (
          <nav class="cn" aria-label={t.nav}>
            <ul>
              <li>
                <a href={CONSOLE_BASE} aria-current={current('/')}>
                  {t.home}
                </a>
              </li>
              {items.map((n) => (
                <li>
                  <a href={CONSOLE_BASE + n.href} aria-current={current(n.href)}>
                    {n.label[props.lang]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main id="main">{props.children}</main>
        <footer>
          {props.lang === 'vi'
            ? 'Hội Nông dân tỉnh — Đề án OCOP giai đoạn 2022–2025'
            : 'Provincial Farmers’ Association — OCOP programme 2022–2025'}
        </footer>
      </body>
    </html>
  );
}
