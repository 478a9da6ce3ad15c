// A sweep of every Vietnamese page and stamp sheet of the demo province: the public pages (each
// demo verdict's stamp page, and every batch, product, model and docs page they link to), every
// console page each role reaches by following links, and the PDF of each label template. None may
// show an English message of the catalogue (src/domain/messages.ts), an ISO date (YYYY-MM-DD) or a
// word the glossary replaces (README "Vietnamese words"). The stamp page's collapsed technical
// details (`<details class="technical">`: signatures, keys, GS1 strings) are left out of the sweep.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrintRun } from '../../src/db/print-runs-store';
import { seedDemo } from '../../src/demo/seed';
import { demoStampUrls } from '../../src/demo/stamps';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/users';
import { englishCatalogue, FIELD_RULES } from '../../src/domain/messages';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { printRunPdf } from '../../src/print-runs/sheet';
import { createTestContext, type ConsoleBrowser, type TestContext } from '../support/app';

const BASE = 'https://trace.example.vn';
const PHONE = { accept: 'text/html', 'accept-language': 'vi-VN,vi;q=0.9', 'user-agent': 'Mozilla/5.0 Chrome/120' };
/** Pages of one shape (ids replaced) visited at most this often, so the sweep stays quick. */
const PER_SHAPE = 2;

let t: TestContext;
const dir = mkdtempSync(join(tmpdir(), 'ocop-sweep-'));
beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000' });
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  await seedDemo(t.db.sql, {
    clock: () => t.clock.now,
    keyring: t.keyring,
    baseUrl: BASE,
    passwords: t.passwords,
  });
}, 240_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e] ?? whole),
  );

/** Drops `<details class="…technical…">…</details>`, counting nested details. */
function withoutTechnical(html: string): string {
  let out = html;
  for (;;) {
    const start = out.search(/<details\b[^>]*\bclass="[^"]*\btechnical\b[^"]*"/);
    if (start < 0) return out;
    let depth = 0;
    const re = /<(\/?)details\b[^>]*>/g;
    re.lastIndex = start;
    let end = out.length;
    for (let m = re.exec(out); m; m = re.exec(out)) {
      depth += m[1] ? -1 : 1;
      if (depth === 0) {
        end = m.index + m[0].length;
        break;
      }
    }
    out = out.slice(0, start) + out.slice(end);
  }
}

/** What a reader sees or hears: the text, and the alt, title, placeholder and aria-label of elements. */
function visibleText(html: string): string {
  const body = withoutTechnical(html)
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|template|svg)\b[\s\S]*?<\/\1>/gi, ' ');
  const attrs = [...body.matchAll(/\s(?:alt|title|placeholder|aria-label)="([^"]*)"/g)].map((m) => m[1]);
  return decode(`${body.replace(/<[^>]+>/g, ' ')} ${attrs.join(' ')}`)
    .replace(/\s+/g, ' ')
    .normalize('NFC');
}

const ENGLISH = englishCatalogue();
/** The glossary: the words it replaces (in any case), and the menu word the staff no longer see. */
const INSTEAD_OF = [
  /lô hàng/i,
  /lô sản phẩm/i,
  /mã lô/i,
  /số sê-ri/i,
  /mã tem/i,
  /\borganic\b/i,
  /hạn dùng/i,
  /nghi hàng giả/i,
];
/** Units and states in English (the API's words for them) next to a number or in brackets. */
const RAW_WORDS = [
  /\d (?:litres?|pieces?|tonnes?|bunch(?:es)?|box(?:es)?|bags?|bottles?|jars?|packs?)\b/,
  /\((?:active|issued|void|draft|sealed|superseded|genuine|unknown)\)/,
  /\b(?:genuine|unknown|void)\/(?:genuine|unknown|void)\b/,
  /Ngôn ngữ: (?:vi|en)\b/,
];

/** Every complaint about one page's text. */
function complaints(where: string, text: string, html = ''): string[] {
  const out: string[] = [];
  const around = (i: number) => text.slice(Math.max(0, i - 40), i + 60);
  for (const en of ENGLISH) {
    const i = text.indexOf(en);
    if (i >= 0) out.push(`${where}: English message "${en}" in "…${around(i)}…"`);
  }
  for (const m of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) out.push(`${where}: ISO date in "…${around(m.index)}…"`);
  for (const re of [...INSTEAD_OF, ...RAW_WORDS]) {
    const m = re.exec(text);
    if (m) out.push(`${where}: "${m[0]}" in "…${around(m.index)}…"`);
  }
  const nav = /<nav\b[\s\S]*?<\/nav>/.exec(html)?.[0];
  if (nav && /Phát hiện/.test(visibleText(nav))) out.push(`${where}: the menu says "Phát hiện"`);
  return [...new Set(out)];
}

/** Complaints of many pages, the same words once: "<complaint> (and on N more pages)". */
function grouped(found: string[]): string[] {
  const by = new Map<string, string[]>();
  for (const f of found) {
    const what = f.slice(f.indexOf(': ') + 2).replace(/ in ".*$/, '');
    by.set(what, [...(by.get(what) ?? []), f]);
  }
  return [...by.values()].map((all) => `${all[0]}${all.length > 1 ? ` (and on ${all.length - 1} more pages)` : ''}`);
}

/** The shape of a path: ids and serials replaced, so that one shape is visited a few times only. */
const shape = (path: string) =>
  path
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')
    .replace(/\/21\/[0-9A-Z]{14}/, '/21/:serial')
    .replace(/\/10\/[^/?]+/, '/10/:lot')
    .replace(/\/01\/\d{14}/, '/01/:gtin')
    .replace(/=[^&]*/g, '=');

/** Same-origin links of a page that a sweep should follow. */
function links(html: string, under: RegExp, skip: RegExp): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*\shref="([^"#]+)/g)) {
    let href = decode(m[1]!);
    if (href.startsWith(BASE)) href = href.slice(BASE.length);
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    if (!under.test(href) || skip.test(href)) continue;
    out.push(href);
  }
  return out;
}

/** Follows links from `start` breadth-first, a few pages of each shape; returns the complaints. */
async function sweep(
  start: string[],
  get: (path: string) => Promise<{ status: number; html: string; type: string }>,
  under: RegExp,
  skip: RegExp,
  limit: number,
): Promise<{ visited: string[]; found: string[] }> {
  const queue = [...start];
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const visited: string[] = [];
  const found: string[] = [];
  while (queue.length && visited.length < limit) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const s = shape(path);
    if ((shapes.get(s) ?? 0) >= PER_SHAPE && !start.includes(path)) continue;
    shapes.set(s, (shapes.get(s) ?? 0) + 1);
    const r = await get(path);
    if (!r.type.includes('text/html')) continue;
    visited.push(path);
    if (r.status >= 500) found.push(`${path}: answered ${r.status}`);
    found.push(...complaints(path, visibleText(r.html), r.html));
    queue.push(...links(r.html, under, skip));
  }
  // SWEEP_VISITED=1 lists the pages visited
  if (process.env.SWEEP_VISITED) console.log(visited.join('\n'));
  return { visited, found };
}

const NOT_PAGES =
  /[?&]lang=en|\.(?:json|csv|pdf|png|svg|jpg)(?:\?|$)|\/pdf(?:\?|$)|\/jwks|\/jws|\/serials|\/\.well-known/;

describe('a sweep of the Vietnamese pages', () => {
  it('finds no English message, ISO date or replaced word on the public pages', async () => {
    const stamps = (await demoStampUrls(t.db.sql)).map((u) => u.url.slice(BASE.length));
    expect(stamps.length).toBeGreaterThanOrEqual(8);
    const get = async (path: string) => {
      const r = await t.call('GET', path, { headers: PHONE });
      return { status: r.status, html: await r.text(), type: r.headers.get('content-type') ?? '' };
    };
    // /docs is the API's reference, written for developers in English like the API itself: not swept.
    // each demo verdict's stamp page, and the batch and product pages of those stamps
    const items = stamps.flatMap((u) => [u.replace(/\/21\/.*$/, ''), u.replace(/\/10\/.*$/, '')]);
    const start = [
      ...new Set([...stamps, ...items]),
      '/models',
      '/01/08930000000006/10/NOPE/21/ABCDEFGHJKMNPQ',
      '/khong-co-trang-nay',
    ];
    const { visited, found } = await sweep(start, get, /^\/(?!console|api|docs|openapi)/, NOT_PAGES, 120);
    expect(visited.some((p) => p.startsWith('/models/'))).toBe(true);
    expect(grouped(found)).toEqual([]);
  }, 240_000);

  const roles = ['admin', 'canbo', 'htx.checaobo', 'htx.matongbacha'];
  for (const username of roles) {
    it(`finds none on the console pages ${username} reaches`, async () => {
      const role = DEMO_USERS.find((u) => u.username === username)!.role;
      const b: ConsoleBrowser = await t.signIn(username, DEMO_PASSWORD, { headers: { 'accept-language': 'vi-VN' } });
      const get = async (path: string) => {
        const r = await b.get(path);
        return { status: r.status, html: await r.text(), type: r.headers.get('content-type') ?? '' };
      };
      const { visited, found } = await sweep(
        ['/console'],
        get,
        /^\/console(?:\/|$|\?)/,
        new RegExp(`${NOT_PAGES.source}|/sign-out|/sign-in`),
        150,
      );
      expect(visited.length, `${role} pages`).toBeGreaterThan(5);
      expect(grouped(found)).toEqual([]);
    }, 240_000);
  }

  it('says why a form is refused in Vietnamese, beside the fields', async () => {
    const found: string[] = [];
    const refused = async (b: ConsoleBrowser, path: string, form: Record<string, string>) => {
      const r = await b.post(path, form);
      const html = await r.text();
      expect([400, 409, 422], `${path}: ${r.status}`).toContain(r.status);
      expect(html, path).toMatch(/class="ferr"|class="card errsum"/);
      const text = visibleText(html);
      found.push(...complaints(`POST ${path}`, text, html));
      return text;
    };
    const op = await t.signIn('htx.checaobo', DEMO_PASSWORD);
    const productId = /<select[^>]*name="productId"[\s\S]*?<option value="([0-9a-f-]{36})"/.exec(
      await op.html('/console/batches/new'),
    )![1]!;
    // The lot code once answered "Sai định dạng (a lot code (GS1 AI 10) has 1–20 characters …)".
    const batch = await refused(op, '/console/batches/new', {
      productId,
      lotCode: 'CB 2611',
      productionDate: '1999-12-31',
      quantity: 'mười',
      unit: 'kg',
    });
    expect(batch).toContain(FIELD_RULES.lotCodeFormat.vi);
    expect(batch).not.toContain('Sai định dạng (');
    await refused(op, '/console/areas/new', {
      code: 'VNL 01',
      name: `Vùng ${'chè '.repeat(80)}`,
      province: 'Tỉnh Sơn Lâm',
      commune: 'Xã\tCao Bồ',
      lat: '95',
      lon: '105',
      areaHa: '-1',
      crops: 'chè',
      households: '',
      plantingAreaCode: '',
      geojson: '',
    });
    await refused(op, '/console/harvests/new', { areaId: '', harvestedOn: '2031-01-01', quantity: '', unit: 'kg' });
    const admin = await t.signIn('admin', DEMO_PASSWORD);
    await refused(admin, '/console/organizations/new', {
      kind: 'cooperative',
      associationLevel: '',
      name: 'HTX\u200BThử',
      registrationCode: '',
      province: 'Tỉnh Sơn Lâm',
      commune: '',
      address: '',
      gln: '8930000000001',
      parentId: '',
      contactName: '',
      contactPhone: 'gọi tôi',
      contactEmail: 'khong-phai-email',
    });
    await refused(admin, '/console/users/new', {
      username: 'Tên Có Dấu',
      displayName: '',
      role: 'cooperative',
      organizationId: '',
      password: 'ngắn',
      confirm: 'khác',
    });
    expect(grouped(found)).toEqual([]);
  }, 240_000);

  it('prints dates dd/mm/yyyy and no English on the stamp sheets of every label template', async () => {
    const labels = loadLabelCatalog();
    const [row] = await t.db.sql<{ id: string }[]>`
      select r.id from print_runs r join batches b on b.id = r.batch_id
       where b.expiry_date is not null order by r.seq limit 1`;
    const run = (await getPrintRun(t.db.sql, row!.id))!;
    const found: string[] = [];
    for (const templateId of labels.templates.keys()) {
      const { body } = await printRunPdf(t.db.sql, labels, { ...run, templateId }, { preview: true });
      const file = join(dir, `${templateId}.pdf`);
      writeFileSync(file, new Uint8Array(await new Response(body).arrayBuffer()));
      const text = execFileSync('pdftotext', ['-raw', file, '-']).toString().normalize('NFC').replace(/\s+/g, ' ');
      found.push(...complaints(`PDF ${templateId}`, text));
      if (templateId === 'a4-3x8') expect(text).toMatch(/NSX: \d{2}\/\d{2}\/\d{4}/);
    }
    expect(found).toEqual([]);
  }, 240_000);
});
