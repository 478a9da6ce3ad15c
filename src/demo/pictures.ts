// Pictures drawn for the demo products: no real photos, nothing downloaded. Each OCOP product
// group has its own colours and motif (a tea bowl for food, a bottle for drinks, leaves for herbs,
// a woven pattern for handicrafts, a flower for ornamental plants, hills for rural tourism), and
// each product its own shade, so the pages show a recognisable picture per product. They go
// through the same pipeline as an upload (WebP in, checked, resized, stored).
import type { Pixels } from '../photos/codecs';

export const DEMO_PICTURE_WIDTH = 400;
export const DEMO_PICTURE_HEIGHT = 300;

type Rgb = [number, number, number];

/** Background top, background bottom, motif colour, accent, per OCOP group. */
const PALETTES: Record<number, [Rgb, Rgb, Rgb, Rgb]> = {
  1: [
    [255, 236, 196],
    [232, 178, 96],
    [150, 82, 32],
    [255, 250, 235],
  ],
  2: [
    [214, 240, 220],
    [120, 180, 120],
    [40, 100, 50],
    [250, 214, 90],
  ],
  3: [
    [226, 242, 206],
    [140, 186, 90],
    [52, 112, 40],
    [200, 60, 40],
  ],
  4: [
    [246, 222, 236],
    [196, 96, 150],
    [90, 40, 110],
    [250, 200, 60],
  ],
  5: [
    [232, 236, 255],
    [150, 170, 230],
    [210, 60, 100],
    [250, 220, 80],
  ],
  6: [
    [210, 232, 250],
    [110, 170, 220],
    [50, 110, 70],
    [250, 250, 250],
  ],
};

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/** A demo product's picture: its group's motif in its own shade (index: its place in the demo list). */
export function drawDemoPicture(key: string, ocopGroup: number, index: number): Pixels {
  const w = DEMO_PICTURE_WIDTH;
  const h = DEMO_PICTURE_HEIGHT;
  const data = new Uint8ClampedArray(w * h * 4);
  const [top, bottom, motif0, accent] = PALETTES[ocopGroup] ?? PALETTES[1]!;
  const seed = hash(key);
  // each product its own shade of the group's motif colour and its own variant of the motif
  const shade = ((index % 7) - 3) / 10;
  const motif: Rgb = shade > 0 ? mix(motif0, [255, 255, 255], shade) : mix(motif0, [0, 0, 0], -shade);
  const variant = Math.floor(index / 7) % 3;
  const cx = w / 2 + ((seed % 41) - 20);
  const cy = h / 2 + 10;

  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let c = mix(top, bottom, y / h);
      const dx = x - cx;
      const dy = y - cy;
      const r = Math.hypot(dx, dy);
      let inside = false;
      let acc = false;
      switch (ocopGroup) {
        case 2: {
          // a bottle: body, shoulder, neck and a label band
          const body = Math.abs(dx) < 60 && dy > -40 && dy < 120;
          const shoulder = dy <= -40 && dy > -80 && Math.abs(dx) < 60 - (-40 - dy);
          const neck = Math.abs(dx) < 18 && dy <= -80 && dy > -140;
          inside = body || shoulder || neck;
          acc = body && dy > 10 && dy < 60 - variant * 8;
          break;
        }
        case 3: {
          // three leaves around a stem
          for (const a of [-0.9, 0, 0.9]) {
            const ux = Math.cos(a - Math.PI / 2);
            const uy = Math.sin(a - Math.PI / 2);
            const along = dx * ux + dy * uy;
            const across = -dx * uy + dy * ux;
            if (along > 0 && along < 150 && Math.abs(across) < 38 * Math.sin((Math.PI * along) / 150)) inside = true;
          }
          acc = r < 10 + variant * 3;
          break;
        }
        case 4: {
          // a woven square: crossing bands
          const inSquare = Math.abs(dx) < 130 && Math.abs(dy) < 110;
          const band = 22 + variant * 4;
          const weave = (Math.floor((x + 400) / band) + Math.floor((y + 400) / band)) % 2 === 0;
          inside = inSquare && weave;
          acc = inSquare && !weave && Math.floor((x + 400) / band) % 3 === 0;
          break;
        }
        case 5: {
          // a flower: petals around a heart, on a stem
          const angle = Math.atan2(dy + 30, dx);
          const rr = Math.hypot(dx, dy + 30);
          const petals = 5 + variant;
          inside = rr < 60 + 35 * Math.abs(Math.cos((petals / 2) * angle)) || (Math.abs(dx) < 6 && dy > 30 && dy < 150);
          acc = rr < 28;
          break;
        }
        case 6: {
          // hills under a sun
          const hill1 = y > h - 120 + 60 * Math.sin((x / w) * Math.PI * (1.5 + variant * 0.3));
          const hill2 = y > h - 70 + 30 * Math.cos((x / w) * Math.PI * 3);
          inside = hill1;
          if (hill2) c = mix(motif, [0, 0, 0], 0.25);
          acc = Math.hypot(x - w * 0.75, y - h * 0.25) < 36;
          break;
        }
        default: {
          // a bowl with a heap on it (food)
          const bowl = dy > 0 && dy < 90 && r < 130 && dy < 90;
          const heap = dy <= 0 && r < 110 - variant * 10 && dy > -90;
          inside = bowl;
          acc = heap;
        }
      }
      if (acc) c = accent;
      else if (inside) c = motif;
      // a soft vignette so the picture has some depth
      const v = 1 - 0.18 * Math.min(1, Math.hypot(x - w / 2, y - h / 2) / (w * 0.7));
      const i = (y * w + x) * 4;
      data[i] = c[0] * v;
      data[i + 1] = c[1] * v;
      data[i + 2] = c[2] * v;
      data[i + 3] = 255;
    }
  }
  return { data, width: w, height: h };
}
