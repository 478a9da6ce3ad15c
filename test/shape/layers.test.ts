// The shape of src/: each folder imports only the layers below it, SQL is written only in the
// stores (and the link-check rules, whose query is the rule), the console reaches the API through
// typed operation references, "today" is the Vietnam day from one function, and runtime-specific
// code stays in src/entry. README.md (Development) draws the same picture.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Layers from the top; a folder may import folders of lower layers only. */
const LAYERS: readonly (readonly string[])[] = [
  ['entry'],
  ['demo'],
  ['app'],
  ['console'],
  ['http'],
  ['pages'],
  ['sealing', 'recalls', 'checks', 'print-runs', 'scanning', 'passports', 'buyers'],
  ['db'],
  ['signing', 'labels', 'photos'],
  ['domain'],
  ['config', 'errors', 'log'],
];
/** Services sit side by side; these are the only imports between them. */
const BETWEEN_SERVICES = new Set<string>(['sealing>passports']);

const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

/** The code without its comments (a comment may name what the code must not do). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const files = sourceFiles(SRC).map((path) => {
  const text = readFileSync(path, 'utf8');
  return { path, rel: relative(SRC, path), text, code: code(text) };
});
const folderOf = (rel: string) => rel.split('/')[0]!.replace(/\.tsx?$/, '');

const imports = files.flatMap((f) =>
  [...f.text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => ({
    file: f.rel,
    from: folderOf(f.rel),
    to: folderOf(relative(SRC, resolve(dirname(f.path), m[1]!))),
  })),
);

describe('the shape of src/', () => {
  it('puts every folder in a layer', () => {
    expect(files.map((f) => folderOf(f.rel)).filter((f) => !rank.has(f))).toEqual([]);
  });

  it('imports only downwards', () => {
    const upward = imports
      .filter((i) => i.from !== i.to)
      .filter((i) => {
        const [a, b] = [rank.get(i.from)!, rank.get(i.to)!];
        return b < a || (a === b && !BETWEEN_SERVICES.has(`${i.from}>${i.to}`));
      })
      .map((i) => `${i.file} imports ${i.to}/`);
    expect(upward).toEqual([]);
  });

  it('writes SQL only in the stores and the link-check rules', () => {
    // A tagged template of postgres.js: sql`…`, db`…`, tx`…`, t`…` (not a word ending in t, as in "xuất`").
    const sql = /(?<![\p{L}\p{N}_$])(sql|db|tx|t)(<[^>]*>)?`/u;
    const outside = files.filter((f) => !/^(db|checks\/rules)\//.test(f.rel) && sql.test(f.code)).map((f) => f.rel);
    expect(outside).toEqual([]);
  });

  it('keeps console pages on typed operation references, never path strings', () => {
    const byPath = files
      .filter((f) => f.rel.startsWith('console/') || f.rel.startsWith('http/'))
      .filter((f) =>
        /\bfindOp\b|\b(callOp|submitOp|fetchAll)\([^)]*['"](get|post|patch|put|delete)['"]\s*,\s*['"]\//.test(f.code),
      )
      .map((f) => f.rel);
    expect(byPath).toEqual([]);
  });

  it('says "today" only through the Vietnam calendar', () => {
    const utcDay = files
      .filter((f) => !f.rel.startsWith('domain/'))
      .filter((f) => /toISOString\(\)\.slice\(0,\s*10\)|\b7\s*\*\s*3_?600/.test(f.code))
      .map((f) => f.rel);
    expect(utcDay).toEqual([]);
  });

  it('keeps Node- and Workers-specific code in src/entry', () => {
    const runtime = files
      .filter((f) => !f.rel.startsWith('entry/'))
      .filter((f) => /from ['"]node:|\bprocess\.env\b|\bBuffer\.|cloudflare:/.test(f.code))
      .map((f) => f.rel);
    expect(runtime).toEqual([]);
  });
});
