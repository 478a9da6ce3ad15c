// The few lines of CSS some pages add to the console's own (the console's CSP allows inline
// styles only): the cooperative operator's forms and tables, and the staff pages' badges,
// filter grids and chains.
const COOP_CSS = `fieldset{min-width:0;border:1px solid #dcdcd5;border-radius:8px;background:#fff;margin:.75rem 0;padding:.5rem 1rem}legend{font-weight:600;padding:0 .3rem}
.row{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:0 .75rem}
.tpl{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0}.tpl label{flex:1 1 14rem;border:1px solid #dcdcd5;border-radius:8px;padding:.5rem;margin:0;background:#fff}
.tpl svg{display:inline-block;vertical-align:top;margin:.3rem .4rem 0 0}td input,td select{min-width:5.5rem}.num{text-align:right;white-space:nowrap}
.tag{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.85rem;background:#f0f3ec}.tag.warn,.tag.bad{border:1px solid}
.opt{margin:.75rem 0}.opt summary{font-weight:600;padding:.5rem 0;cursor:pointer}`;

const STAFF_CSS = `.sev,.tag{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.85rem;font-weight:600;border:1px solid;white-space:nowrap}
.sev-critical,.tag-bad{background:#fdeeed;color:#a4221b}.sev-warning{background:#fff6e6;color:#874c00}.sev-notice,.tag{background:#eef3f8;color:#0b4a7a}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:0 .75rem;align-items:end}
.chain>li{margin:.5rem 0}.chain ul{border-left:3px solid #d9e2d0;padding-left:.75rem}.mfig a{text-decoration:none}
.fl{list-style:none;padding:0}.fl li{border-top:1px solid #e5e5e0;padding:.5rem 0}.fl p{margin:.2rem 0}`;

/** The cooperative pages' style block. */
export function CoopStyle() {
  return <style dangerouslySetInnerHTML={{ __html: COOP_CSS }} />;
}

/** The staff pages' style block. */
export function StaffStyle() {
  return <style dangerouslySetInnerHTML={{ __html: STAFF_CSS }} />;
}
