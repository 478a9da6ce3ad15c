// The shell of every public page: small inline CSS (no web fonts, no third-party requests),
// a skip link, the language switch and the main landmark. Server-rendered; works without JS.
import type { Child } from 'hono/jsx';
import { T, type Lang } from './i18n';
import { OgTags, type OgMeta } from './og';

export const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f6f7f4}
a{color:#0b5394}a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #f0a500;outline-offset:2px}
header,main,footer{max-width:44rem;margin:0 auto;padding:.75rem 1rem}header{display:flex;justify-content:space-between;align-items:center;gap:1rem}
header p{margin:0;font-weight:600;color:#2d5a27}.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.5rem}
h1{font-size:1.35rem;line-height:1.3;margin:.25rem 0 .5rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #d9e2d0;padding-bottom:.25rem}
section,.card{background:#fff;border:1px solid #dcdcd5;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
.verdict{border-width:3px;font-size:1.05rem}.verdict b{display:block;font-size:1.3rem}.ok{border-color:#1e7b34;background:#eef8f0}.warn{border-color:#a35c00;background:#fff6e6}.bad{border-color:#b3261e;background:#fdeeed}
.ok b{color:#17652a}.warn b{color:#874c00}.bad b{color:#a4221b}.icon{font-size:1.6rem;float:left;margin-right:.6rem;line-height:1}
dd,code{overflow-wrap:anywhere}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .75rem;margin:.25rem 0}dt{color:#555}dd{margin:0}
ul{padding-left:1.2rem;margin:.25rem 0}.stars{color:#a35c00;font-size:1.2rem;letter-spacing:.1em}.muted{color:#555;font-size:.9rem}
ol.timeline{list-style:none;padding:0}ol.timeline li{border-left:3px solid #6a994e;padding:0 0 .6rem .75rem;margin-left:.3rem}
img{max-width:100%;height:auto}label{display:block;margin:.5rem 0 .2rem}textarea,input{width:100%;font:inherit;padding:.4rem;border:1px solid #888;border-radius:4px}
button{font:inherit;background:#2d5a27;color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;margin-top:.5rem;cursor:pointer}
button.secondary{background:#fff;color:#2d5a27;border:1px solid #2d5a27;padding:.3rem .75rem;font-size:.9rem}.share p{margin:.25rem 0;font-size:.9rem;color:#555}
.summary{overflow:hidden}.summary h1{margin-top:0}.summary dl{margin:.25rem 0 0}.thumb{float:right;margin:0 0 .25rem .5rem;border-radius:6px;width:112px}.ocop{margin:0}.also{display:block;margin-top:.4rem;color:#874c00}.jump{margin:.5rem 0}
.badge.ok{color:#17652a}.badge.bad{color:#a4221b}details.tech{background:#fff;border:1px solid #dcdcd5;border-radius:8px;padding:.5rem 1rem;margin:.75rem 0}details.tech summary{cursor:pointer;font-weight:600}
footer{color:#555;font-size:.85rem}svg{max-width:100%;height:auto}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #e5e5e0;vertical-align:top}
.mlist{list-style:none;padding:0}.mh{margin:0 0 .25rem;border:0;padding:0}.mc h3{font-size:1.05rem;margin:0 0 .4rem}.mcount,.mfig{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0}.mcount li{background:#f0f3ec;border-radius:4px;padding:.1rem .5rem;font-size:.9rem}.mfig li{flex:1 1 9rem;background:#fff;border:1px solid #dcdcd5;border-radius:8px;padding:.4rem .75rem;font-size:.9rem;color:#555}.mfig b{display:block;font-size:1.4rem;color:#2d5a27}.mfig .bad{border-color:#b3261e;background:#fdeeed}.mdiag svg{display:block;width:100%;max-width:34rem;margin:0 auto}.mexp{color:#a4221b}.mcert{margin:.4rem 0 0;color:#555}.mimg{float:right;margin:0 0 .5rem .75rem;border-radius:6px}`;

export function Layout(props: {
  lang: Lang;
  title: string;
  switchHref: string;
  children: Child;
  description?: string;
  /** link-preview tags (Open Graph), on pages people share */
  og?: OgMeta;
}) {
  const t = T[props.lang];
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{props.title}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <meta name="referrer" content="strict-origin-when-cross-origin" />
        {props.og ? <OgTags og={props.og} /> : null}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header>
          <p>{t.site}</p>
          <a
            href={props.switchHref}
            lang={props.lang === 'vi' ? 'en' : 'vi'}
            hreflang={props.lang === 'vi' ? 'en' : 'vi'}
          >
            {t.switchTo}
          </a>
        </header>
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

/** The same URL in the other language. */
export function switchLangHref(pathAndQuery: URL, lang: Lang): string {
  const u = new URL(pathAndQuery);
  u.searchParams.set('lang', lang === 'vi' ? 'en' : 'vi');
  return u.pathname + u.search;
}
