// Workers: the shipped label templates and font, bundled into the Worker by wrangler
// (JSON as modules, the TrueType font as a Data module; see [[rules]] in wrangler.toml).
import a4_3x8 from '../../labels/a4-3x8.json';
import a4_5x13 from '../../labels/a4-5x13.json';
import roll_50x30 from '../../labels/roll-50x30.json';
import round_30 from '../../labels/round-30.json';
import font from '../../labels/fonts/DejaVuSans.ttf';
import { createLabelCatalog, type LabelCatalog } from '../labels/catalog';

let catalog: LabelCatalog | undefined;

export function bundledLabelCatalog(): LabelCatalog {
  catalog ??= createLabelCatalog(
    { 'a4-3x8.json': a4_3x8, 'a4-5x13.json': a4_5x13, 'roll-50x30.json': roll_50x30, 'round-30.json': round_30 },
    new Uint8Array(font),
  );
  return catalog;
}
