// A verifier that shares nothing with the service's signing code: it reads the DID document,
// picks the key the JWS header names, checks the Ed25519 signature with node:crypto (not jose),
// and reads a status bit by un-gzipping the served list with node:zlib.
import { createPublicKey, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

export interface DidDocument {
  id: string;
  verificationMethod: { id: string; type: string; controller: string; publicKeyJwk: Record<string, string> }[];
  assertionMethod: string[];
}

export type Verified =
  | { valid: true; header: Record<string, unknown>; payload: Record<string, unknown> }
  | { valid: false; why: string };

const fromB64url = (s: string) => Buffer.from(s, 'base64url');

export function verifyCredentialJws(jws: string, did: DidDocument): Verified {
  const parts = jws.split('.');
  if (parts.length !== 3) return { valid: false, why: 'not a compact JWS' };
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(fromB64url(h).toString('utf8'));
  } catch {
    return { valid: false, why: 'header is not JSON' };
  }
  if (header.alg !== 'EdDSA' || header.typ !== 'vc+jwt') return { valid: false, why: 'not an EdDSA vc+jwt' };
  const kid = String(header.kid);
  if (!kid.startsWith(`${did.id}#`)) return { valid: false, why: `kid ${kid} is not a key of ${did.id}` };
  if (!did.assertionMethod.includes(kid)) return { valid: false, why: 'key not listed for assertions' };
  const method = did.verificationMethod.find((m) => m.id === kid);
  if (!method) return { valid: false, why: 'no verification method with that kid' };
  const key = createPublicKey({ key: method.publicKeyJwk as never, format: 'jwk' });
  const ok = verify(null, Buffer.from(`${h}.${p}`, 'ascii'), key, fromB64url(s));
  if (!ok) return { valid: false, why: 'signature does not verify' };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(fromB64url(p).toString('utf8'));
  } catch {
    return { valid: false, why: 'payload is not JSON' };
  }
  const issuer = payload.issuer as { id?: string } | string;
  if ((typeof issuer === 'string' ? issuer : issuer?.id) !== did.id)
    return { valid: false, why: 'issuer is not the DID' };
  return { valid: true, header, payload };
}

/** The bit at `index` of a served status list credential's encodedList (multibase "u" + base64url of GZIP). */
export function statusBitOf(listCredential: Record<string, unknown>, index: number): boolean {
  const subject = listCredential.credentialSubject as { encodedList: string };
  if (!subject.encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bits = gunzipSync(fromB64url(subject.encodedList.slice(1)));
  if (bits.length * 8 < 131_072) throw new Error(`the list has only ${bits.length * 8} bits`);
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/** Changes one character of the payload part (a claim's text), keeping it base64url. */
export function tamper(jws: string): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const text = fromB64url(p).toString('utf8');
  const at = text.indexOf('"name":"') + 8;
  const changed = `${text.slice(0, at)}${text[at] === 'X' ? 'Y' : 'X'}${text.slice(at + 1)}`;
  return `${h}.${Buffer.from(changed, 'utf8').toString('base64url')}.${s}`;
}
