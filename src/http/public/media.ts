// GET /media/photos/{photoId}/{tag}-{width}.webp (and .jpg, the link-preview copy at the widest
// width): a product photo's variant, from this
// service's own origin. The URL names the content (tag = the first 16 hex digits of the upload's
// SHA-256), so an answer never changes: cached for a year as immutable, with an ETag and 304.
import { Hono } from 'hono';
import { photoFile } from '../../db/photos-store';
import { retryRead } from '../../db/client';
import { photoTag } from '../../photos/urls';
import { errorJson } from '../error-response';
import type { AppDeps, AppEnv } from '../types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FILE = /^([0-9a-f]{16})-([1-9][0-9]{0,4})\.(webp|jpg)$/;

export function mediaRoutes(deps: AppDeps) {
  const r = new Hono<AppEnv>();
  r.get('/media/photos/:photoId/:file', async (c) => {
    const id = c.req.param('photoId');
    const m = FILE.exec(c.req.param('file'));
    if (!UUID.test(id) || !m) return errorJson(c, 'NOT_FOUND', 'No such photo');
    const file = await retryRead(deps.sql, () =>
      photoFile(deps.sql, id, Number(m[2]), m[3] === 'jpg' ? 'jpeg' : 'webp'),
    );
    if (!file || photoTag(file.hash) !== m[1]) return errorJson(c, 'NOT_FOUND', 'No such photo');
    const headers = {
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: file.etag,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    const match = c.req.header('if-none-match');
    if (match && (match.trim() === '*' || match.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag))) {
      return c.body(null, 304, headers);
    }
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      'Content-Type': file.mime,
      'Content-Length': String(file.bytes.byteLength),
    });
  });
  return r;
}
