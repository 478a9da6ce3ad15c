// CSV downloads for staff (traces, the programme report): RFC 4180 quoting, a BOM so that
// spreadsheet programs read the Vietnamese text as UTF-8, and no formula injection.
import { attachment } from '../print-runs/sheet';

export type Cell = string | number | boolean | null | undefined;

/** Text that a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvResponse(filename: string, header: string[], rows: Cell[][]): Response {
  const text = `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
  return new Response(text, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachment(filename),
      'Cache-Control': 'private, no-store',
    },
  });
}

/**
 * A CSV download written as its rows come, a chunk at a time (a trace of thousands of batches
 * read page by page through its keyset), so memory stays flat however long the file.
 */
export function csvStreamResponse(filename: string, header: string[], chunks: AsyncIterable<Cell[][]>): Response {
  const encoder = new TextEncoder();
  const line = (r: Cell[]) => `${r.map(csvCell).join(',')}\r\n`;
  const iterator = chunks[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${line(header)}`));
    },
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map(line).join('')));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachment(filename),
      'Cache-Control': 'private, no-store',
    },
  });
}
