// Node-only: where the files shipped beside the code live (labels/, migrations/, the built dist/),
// found from the package root, so that a module finds them wherever it runs from: the TypeScript
// sources (src/entry/x.ts, under tsx or vitest) or a bundle one or two levels down
// (dist/entry/node.js, dist/entry/cli/migrate.js), where import.meta.url is the bundle's.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest directory above `from` that holds a package.json (ours: the one with labels/ and migrations/). */
export function packageRoot(from: string): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package root (a package.json beside migrations/) above ${from}`);
    dir = up;
  }
}

/** The directory holding package.json, labels/ and migrations/ (and dist/ once built). */
export const PACKAGE_ROOT = packageRoot(fileURLToPath(import.meta.url));

/** labels/ with a trailing slash: the label templates (JSON) and fonts/. */
export const LABELS_DIR = `${join(PACKAGE_ROOT, 'labels')}/`;

/** migrations/ with a trailing slash: the numbered SQL files. */
export const MIGRATIONS_DIR = `${join(PACKAGE_ROOT, 'migrations')}/`;

/** True when this code runs as TypeScript (tsx, vitest), false in the bundles of dist/. */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');
