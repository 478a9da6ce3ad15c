// W3C Bitstring Status List v1.0: the revocation list that every passport points into, and its
// encoding (a bitstring of at least 131,072 bits, GZIP-compressed, multibase base64url). Bit 0 is
// the most significant bit of the first byte. GZIP comes from CompressionStream, which Node and
// workerd both have.
import { STATUS_LIST_BITS, VC_CONTEXT, credentialUrls, type UntpIssuer } from './untp-common';

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
}

/** The encodedList of a status list with the given bits set: "u" + base64url(GZIP(bitstring)). */
export async function encodeStatusList(setBits: Iterable<number>, bits = STATUS_LIST_BITS): Promise<string> {
  const bitstring = new Uint8Array(bits / 8);
  for (const bit of setBits) {
    if (!Number.isInteger(bit) || bit < 0 || bit >= bits) throw new TypeError(`status bit ${bit} is outside the list`);
    bitstring[bit >> 3]! |= 0x80 >> (bit & 7);
  }
  return `u${base64url(await through(bitstring, new CompressionStream('gzip')))}`;
}

/** The bitstring an encodedList holds (what a verifier does before reading a bit). */
export async function decodeStatusList(encodedList: string): Promise<Uint8Array> {
  if (!encodedList.startsWith('u')) throw new TypeError('encodedList is not multibase base64url (no "u" prefix)');
  return through(fromBase64url(encodedList.slice(1)), new DecompressionStream('gzip'));
}

/** Whether a bit is set in a decoded bitstring. */
export const statusBit = (bitstring: Uint8Array, bit: number) =>
  ((bitstring[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;

export function buildStatusListCredential(opts: {
  issuer: UntpIssuer;
  list: number;
  encodedList: string;
  validFrom: string;
}) {
  const id = credentialUrls(opts.issuer.base).statusList(opts.list);
  return {
    '@context': [VC_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: opts.issuer.did, name: opts.issuer.name },
    validFrom: opts.validFrom,
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: opts.encodedList,
    },
  };
}
