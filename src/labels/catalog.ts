// The label templates and font the service prints with, handed to the app as data: loaded from
// labels/ on disk by the Node entry, bundled by the Workers entry.
import { LabelError } from './errors';
import type { LabelSheetOptions } from './sheet';
import { parseTemplate, type Template } from './template';

export interface LabelCatalog {
  templates: Map<string, Template>;
  font: Uint8Array;
  /** Runtime-specific speed-ups for the renderer (Node: threadpool deflate, worker encoders). */
  renderOptions?: () => Partial<Pick<LabelSheetOptions, 'deflate' | 'encoder'>> & { dispose?: () => void };
}

/** files: template file name → parsed JSON. A bad shipped template stops start-up, naming the file. */
export function createLabelCatalog(files: Record<string, unknown>, font: Uint8Array): LabelCatalog {
  const templates = new Map<string, Template>();
  for (const [file, json] of Object.entries(files)) {
    try {
      const t = parseTemplate(json);
      if (templates.has(t.id)) throw new TypeError(`two label templates share the id ${t.id}`);
      templates.set(t.id, t);
    } catch (e) {
      if (e instanceof LabelError) throw new TypeError(`labels/${file}: ${e.message}`);
      throw e;
    }
  }
  return { templates, font };
}
