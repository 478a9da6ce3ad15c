// The links a GS1 Digital Link resolver offers for a product, lot or stamp (gs1:pip, which is also
// the one gs1:defaultLink, the authenticity check, the signed record, OCOP certificates, shops),
// as an RFC 9264 linkset or as the one link a `?linkType=` asks for (307), and the resolver's own
// description.
import type { Context } from 'hono';
import type { DigitalLinkPath } from '../../domain/digital-link-parse';
import { encodeAiValue } from '../../domain/digital-link';
import { UNTP_LINK_TYPE_NAMESPACE, credentialUrls } from '../../domain/untp-common';
import { latestSealedBatchOfLot, listingsOfProduct } from '../../db/public-pages-store';
import { errorJson } from '../error-response';
import type { AppEnv } from '../types';
import type { PublicContext } from './context';

const GS1 = 'https://gs1.org/voc/';
const LINK_TYPES = [
  'defaultLink',
  'pip',
  'verificationService',
  'traceability',
  'certificationInfo',
  'hasRetailers',
] as const;
/** UNTP link types (untp:dpp, untp:dte): the batch's passport and traceability events, as vc+jwt. */
const UNTP_LINK_TYPES = ['dpp', 'dte'] as const;
type LinkType = (typeof LINK_TYPES)[number] | `untp:${(typeof UNTP_LINK_TYPES)[number]}`;

/** The link type's URI in a linkset: gs1:… or untp:… expanded to its namespace. */
const linkTypeUri = (t: string) => (t.startsWith('untp:') ? `${UNTP_LINK_TYPE_NAMESPACE}${t.slice(5)}` : `${GS1}${t}`);

interface Link {
  href: string;
  title: string;
  hreflang?: string[];
  type?: string;
}
type Links = Partial<Record<LinkType, Link[]>>;

/** /.well-known/gs1resolver */
export function resolverDescription(base: string) {
  return {
    name: 'ocop-trace GS1 Digital Link resolver',
    resolverRoot: base,
    supportedPrimaryKeys: ['01'],
    supportedQualifiers: { '01': ['22', '10', '21'] },
    linkTypeDefault: `${GS1}pip`,
    supportedLinkType: [
      ...LINK_TYPES.map((t) => ({ namespace: GS1, prefix: 'gs1:', profile: `${GS1}${t}` })),
      ...UNTP_LINK_TYPES.map((t) => ({
        namespace: UNTP_LINK_TYPE_NAMESPACE,
        prefix: 'untp:',
        profile: `${UNTP_LINK_TYPE_NAMESPACE}${t}`,
      })),
    ],
    linksetSupport: { queryParameter: 'linkType=linkset', mediaType: 'application/linkset+json' },
    supportedLanguages: ['vi', 'en'],
  };
}

async function linksFor(pc: PublicContext, p: DigitalLinkPath, self: string, productId: string): Promise<Links> {
  const { base, deps } = pc;
  const links: Links = {
    // The GS1-Conformant resolver standard asks for exactly one default link: the page itself,
    // which picks its language from the request.
    defaultLink: [{ href: self, title: 'Thông tin sản phẩm / Product information', type: 'text/html' }],
    pip: [
      { href: self, title: 'Thông tin sản phẩm', hreflang: ['vi'], type: 'text/html' },
      { href: `${self}?lang=en`, title: 'Product information', hreflang: ['en'], type: 'text/html' },
    ],
    certificationInfo: [
      { href: `${base}/ocop/${p.gtin14}`, title: 'OCOP certificates / Chứng nhận OCOP', type: 'application/json' },
    ],
  };
  if (p.serial !== null && p.lot !== null) {
    links.verificationService = [
      {
        href: `${base}/verify/${p.gtin14}/${encodeAiValue(p.lot)}/${encodeAiValue(p.serial.toUpperCase())}`,
        title: 'Kiểm tra tem / Authenticity check',
        type: 'application/json',
      },
    ];
  }
  if (p.lot !== null) {
    const batchId = await latestSealedBatchOfLot(deps.sql, productId, p.lot);
    if (batchId) {
      links.traceability = [
        {
          href: `${base}/api/v1/batches/${batchId}/record`,
          title: 'Hồ sơ lô sản xuất đã ký / Signed batch record (JWS)',
          type: 'application/json',
        },
      ];
      const urls = credentialUrls(base);
      links['untp:dpp'] = [
        {
          href: urls.dpp(batchId),
          title: 'Hộ chiếu số sản phẩm / Digital Product Passport',
          type: 'application/vc+jwt',
        },
      ];
      links['untp:dte'] = [
        { href: urls.dte(batchId), title: 'Sự kiện truy xuất / Traceability events', type: 'application/vc+jwt' },
      ];
    }
  }
  const listings = await listingsOfProduct(deps.sql, productId);
  if (listings.length) links.hasRetailers = listings.map((l) => ({ href: l.url, title: l.channel }));
  return links;
}

/** The linkset of the item (`linkType` absent) or a redirect to the link of the type asked for. */
export async function linkAnswer(
  c: Context<AppEnv>,
  pc: PublicContext,
  item: { path: DigitalLinkPath; self: string; productId: string; headers: Record<string, string> },
  linkType: string | undefined,
) {
  const links = await linksFor(pc, item.path, item.self, item.productId);
  if (linkType === undefined) {
    const entry: Record<string, unknown> = { anchor: item.self };
    for (const [t, list] of Object.entries(links)) if (list?.length) entry[linkTypeUri(t)] = list;
    return c.body(JSON.stringify({ linkset: [entry] }), 200, {
      ...item.headers,
      'Content-Type': 'application/linkset+json',
    });
  }
  const wanted = linkType.startsWith(UNTP_LINK_TYPE_NAMESPACE)
    ? `untp:${linkType.slice(UNTP_LINK_TYPE_NAMESPACE.length)}`
    : linkType.replace(/^gs1:/, '').replace(GS1, '');
  const target = (links as Record<string, Link[] | undefined>)[wanted];
  const lang = pc.langOf(c);
  const chosen = target?.find((l) => !l.hreflang || l.hreflang.includes(lang)) ?? target?.[0];
  if (!chosen) return errorJson(c, 'NOT_FOUND', `No ${linkType} link for this item`, { linkType }, item.headers);
  // pass the rest of the query string on
  const rest = new URL(c.req.url).searchParams;
  rest.delete('linkType');
  const location =
    rest.size && chosen.href.startsWith(pc.base)
      ? `${chosen.href}${chosen.href.includes('?') ? '&' : '?'}${rest}`
      : chosen.href;
  return c.body(null, 307, { ...item.headers, Location: location });
}
