// Reads the payload of a stored compact JWS without verifying it: for display next to the
// verification result, and for facts the signed record froze (e.g. its OCOP rating).
export function decodeJwsPayload(jws: string): unknown {
  try {
    const part = jws.split('.')[1] ?? '';
    const bytes = Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}
