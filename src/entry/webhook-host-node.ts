// Node's check of a webhook's host before each delivery: where DNS sends the name now. A public
// name that resolves into this machine's or a private network (a record changed after the buyer
// registered it, or made to do so) is refused. The name is looked up again by the request itself,
// so a record that changes between the two lookups is not caught here; egress rules on the host
// are the second line.
import { lookup } from 'node:dns/promises';
import { isPublicIp } from '../domain/webhook-address';
import type { WebhookHostCheck } from '../recalls/webhooks';

export const nodeWebhookHostCheck: WebhookHostCheck = async (hostname) => {
  const host = hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (e) {
    return `its name does not resolve (${e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e)})`;
  }
  const inside = addresses.find((a) => !isPublicIp(a.address));
  return inside ? `its name resolves to ${inside.address}, an address on a private or local network` : null;
};
