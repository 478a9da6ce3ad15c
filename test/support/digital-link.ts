// Digital Links as a phone's scanner may read them, built independently of src/domain so that
// the tests check our decoder against the standard's encoding, not against itself.

/** A compressed Digital Link of /01/{gtin}/10/{lot}/21/{serial}, without optimisations, values in 7-bit ASCII. */
export function compressedStampLink(gtin14: string, lot: string, serial: string): string {
  const ascii = (v: string) =>
    `100${v.length.toString(2).padStart(5, '0')}${[...v].map((ch) => ch.charCodeAt(0).toString(2).padStart(7, '0')).join('')}`;
  let bits = `00000001${BigInt(gtin14).toString(2).padStart(47, '0')}`;
  bits += `00010000${ascii(lot)}00100001${ascii(serial)}`;
  bits = bits.padEnd(Math.ceil(bits.length / 6) * 6, '0');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return bits
    .match(/.{6}/g)!
    .map((b) => alphabet[Number.parseInt(b, 2)])
    .join('');
}
