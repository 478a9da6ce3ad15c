// GS1 Digital Link URIs (ISO/IEC 18975) for stamps: {base}/01/{gtin14}/10/{lot}/21/{serial}.
// Lot and serial values are percent-encoded wherever a character is not URI-unreserved, as the
// Digital Link standard requires for the GS1 character set 82.

export function encodeAiValue(value: string): string {
  return value.replace(/[^A-Za-z0-9\-._~]/g, (ch) =>
    [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

export function stampUri(baseUrl: string, gtin14: string, lot: string, serial: string): string {
  return `${baseUrl}/01/${gtin14}/10/${encodeAiValue(lot)}/21/${encodeAiValue(serial)}`;
}
