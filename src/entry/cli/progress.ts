// Progress of a long command (npm run checks, seed:demo, migrate) on the terminal. On a terminal
// (a TTY): one line rewritten in place with a carriage return, "[7/14] rule AREA_NOT_LINKED …
// 12,345 findings", cleared at the end. Anywhere else (a pipe, a file, a CI log): one plain line
// per step and nothing for the updates within a step, so that logs stay readable. The services
// only call a progress callback; only this module knows about terminals.

/** The part of a stream that progress writes to (process.stdout or process.stderr). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressLine {
  /** Where a step is now (on a terminal only). */
  update(text: string): void;
  /** A step done: the line on a terminal, a plain line elsewhere. */
  step(text: string): void;
  /** Clears the line on a terminal before the command prints its result. */
  end(): void;
}

export function progressLine(out: ProgressStream = process.stdout): ProgressLine {
  if (!out.isTTY) {
    return { update() {}, step: (text) => void out.write(`${text}\n`), end() {} };
  }
  let shown = false;
  const show = (text: string) => {
    const width = Math.max(20, (out.columns || 80) - 1);
    const line = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    // \r back to the line's start, then \x1b[K erases what a longer line left behind
    out.write(`\r${line}\x1b[K`);
    shown = true;
  };
  return {
    update: show,
    step: show,
    end() {
      if (shown) out.write('\r\x1b[K');
      shown = false;
    },
  };
}

/** 12345 → "12,345" (the commands' output is in English). */
export const count = (n: number) => n.toLocaleString('en-US');
