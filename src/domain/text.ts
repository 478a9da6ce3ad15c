// Text as people type it: the characters that no name, code or note of the chain may hold, and
// the folding that compares Vietnamese text regardless of case and diacritics.
//
// What is refused, and why:
// - a lone UTF-16 surrogate: not Unicode at all; it cannot be stored as UTF-8 or signed as I-JSON;
// - control characters (C0 but tab, line feed and carriage return; DEL; C1): invisible, and some
//   (NUL, ESC) break storage or terminals;
// - bidirectional embeddings, overrides, isolates and marks: they make text display in another
//   order than it is stored ("Trojan source"), so a reader of a recall notice or a name could be misled;
// - in names and codes (one line): also line breaks and tabs, and zero-width characters, which
//   make two names that look the same differ (and defeat search and uniqueness);
// - in free text (several lines): zero-width spaces, word joiners and byte-order marks; the
//   zero-width joiner and non-joiner stay, as emoji sequences (👨‍🌾) need them.

export type TextKind = 'line' | 'multiline';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
const ZERO_WIDTH_LINE = /[\u180E\u200B-\u200D\u2060\uFEFF]/;
const ZERO_WIDTH_MULTILINE = /[\u180E\u200B\u2060\uFEFF]/;
const PARAGRAPH_SEPARATOR = /[\u2028\u2029]/;

function at(s: string, re: RegExp): { code: string; position: number } | null {
  const m = re.exec(s);
  if (!m) return null;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { code, position: m.index + 1 };
}

/** Why `s` is refused as text of this kind, in words a client can act on; null when it is clean. */
export function textProblem(s: string, kind: TextKind): string | null {
  const surrogate = LONE_SURROGATE.exec(s);
  if (surrogate) return `is not well-formed Unicode: a lone UTF-16 surrogate at character ${surrogate.index + 1}`;
  const checks: [RegExp, string][] = [
    [CONTROL, 'must not contain control characters'],
    [BIDI, 'must not contain bidirectional formatting characters'],
    kind === 'line'
      ? [LINE_BREAK, 'must be one line, without line breaks or tabs']
      : [PARAGRAPH_SEPARATOR, 'must use line feeds for line breaks'],
    [kind === 'line' ? ZERO_WIDTH_LINE : ZERO_WIDTH_MULTILINE, 'must not contain zero-width characters'],
  ];
  for (const [re, message] of checks) {
    const found = at(s, re);
    if (found) return `${message} (${found.code} at character ${found.position})`;
  }
  return null;
}

/**
 * A form of `s` for comparing, not for showing: NFD without combining marks, đ as d, lower case,
 * single spaces. "Xã Cao Bồ", "xã  cao bo" and "XA CAO BỒ" fold alike.
 */
export function foldForComparison(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
