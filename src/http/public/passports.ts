// The UNTP credentials anyone can fetch and verify, issued by the service's did:web:
//   /.well-known/did.json            the DID document (every signing key, current and retired)
//   /passports/dpp/{batchId}          a sealed batch's Digital Product Passport
//   /passports/dte/{batchId}          its Digital Traceability Event credential
//   /passports/dfr/{areaId}           a raw-material area's Digital Facility Record
//   /passports/status/{n}             revocation status list n (Bitstring Status List)
// A credential is answered as `application/vc+jwt` (the signed JWS, VC-JOSE-COSE); with
// `Accept: application/ld+json` (or application/json) as the decoded credential JSON.
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { didDocumentPath, untpIssuer } from '../../domain/untp-common';
import { buildDidDocument } from '../../domain/untp-did';
import { getPassport } from '../../db/passports-store';
import { passportOrBackfill } from '../../passports/issue';
import { decodeJwsPayload } from '../../signing';
import { errorJson } from '../error-response';
import type { AppEnv } from '../types';
import type { PublicContext } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const credentialCors = cors({
  origin: '*',
  allowMethods: ['GET', 'HEAD', 'OPTIONS'],
  allowHeaders: ['Accept'],
  exposeHeaders: ['Content-Type'],
});

/**
 * The credential as its JWS, or decoded for a client that asks for JSON-LD (or JSON) and not for
 * the JWS. `decoded` may be the credential's canonical JSON text itself (a DTE), answered byte for
 * byte, so its SHA-256 is the digest the DPP's link to it carries.
 */
export function credentialAnswer(c: Context<AppEnv>, jws: string, cacheControl: string, decoded?: unknown) {
  const accept = c.req.header('accept') ?? '';
  const headers = { Vary: 'Accept', 'Cache-Control': cacheControl };
  if (/application\/(ld\+)?json/.test(accept) && !/application\/vc\+jwt/.test(accept)) {
    const body = typeof decoded === 'string' ? decoded : JSON.stringify(decoded ?? decodeJwsPayload(jws));
    return c.body(body, 200, {
      ...headers,
      'Content-Type': 'application/ld+json',
    });
  }
  return c.body(jws, 200, { ...headers, 'Content-Type': 'application/vc+jwt' });
}

export function passportRoutes(pc: PublicContext) {
  const r = new Hono<AppEnv>();
  const { deps, state } = pc;
  const issuer = untpIssuer(deps.keyring.issuerBase);
  for (const path of ['/passports/*', '/.well-known/did.json', didDocumentPath(issuer.base)])
    r.use(path, credentialCors);

  const didDocument = async (c: Context<AppEnv>) => {
    const jwks = await deps.keyring.jwks(deps.sql);
    const doc = buildDidDocument(issuer, jwks.keys);
    return c.body(JSON.stringify(doc), 200, {
      'Content-Type': 'application/did+json',
      'Cache-Control': 'public, max-age=300',
    });
  };
  r.get('/.well-known/did.json', didDocument);
  // did:web with a path (https://host/htx → did:web:host:htx) resolves to {path}/did.json.
  if (didDocumentPath(issuer.base) !== '/.well-known/did.json') r.get(didDocumentPath(issuer.base), didDocument);

  const batchCredential = (kind: 'dpp' | 'dte') => async (c: Context<AppEnv>) => {
    const id = c.req.param('id')!;
    const notFound = () => errorJson(c, 'NOT_FOUND', `No passport for this batch`, { id });
    if (!UUID.test(id)) return notFound();
    const passport =
      (await getPassport(deps.sql, id)) ?? (await passportOrBackfill(deps.sql, deps.keyring, id, deps.clock()));
    if (!passport) return notFound();
    // Fixed at the seal and never changed (revocation is told by the status list, not here); signed
    // with the key current when asked. The JSON-LD answer is the signed bytes themselves.
    const jws = await state.passports.batchCredential(deps.sql, deps.keyring, passport, kind);
    return credentialAnswer(c, jws, 'public, max-age=3600', passport[kind].json);
  };
  r.get('/passports/dpp/:id', batchCredential('dpp'));
  r.get('/passports/dte/:id', batchCredential('dte'));

  r.get('/passports/dfr/:id', async (c) => {
    const id = c.req.param('id');
    if (!UUID.test(id)) return errorJson(c, 'NOT_FOUND', 'No raw-material area has this id', { id });
    const dfr = await state.passports.dfr(deps.sql, deps.keyring, id, pc.today());
    if (!dfr) return errorJson(c, 'NOT_FOUND', 'No raw-material area has this id', { id });
    return credentialAnswer(c, dfr.jws, 'public, max-age=300', dfr.credential);
  });

  r.get('/passports/status/:list', async (c) => {
    const text = c.req.param('list');
    const list = /^(0|[1-9][0-9]{0,6})$/.test(text) ? Number(text) : -1;
    const signed = list < 0 ? null : await state.passports.statusList(deps.sql, deps.keyring, list, deps.clock());
    if (!signed) return errorJson(c, 'NOT_FOUND', 'No status list has this number', { list: text });
    // Short: a recall must reach verifiers quickly (the list is signed again only when a bit changed).
    return credentialAnswer(c, signed.jws, 'public, max-age=60', signed.credential);
  });
  return r;
}
