// Who the client is, for rate limits and the scan log: behind TRUST_PROXY the address our own proxy
// saw (the rightmost X-Forwarded-For hop, or the Nth from the right with TRUSTED_PROXY_HOPS=N),
// never a hop the client wrote itself; without it the connection's peer.
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { clientAddress, forwardedClient } from '../../src/http/client-address';
import { createTestContext, type TestContext } from '../support/app';
import { PHONE } from '../support/stamps';

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the forwarded client', () => {
  it('is the hop the trusted proxies added, counted from the right', () => {
    expect(forwardedClient('6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(forwardedClient('6.6.6.6,203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
    expect(forwardedClient('203.0.113.7', 1)).toBe('203.0.113.7');
    // fewer hops than proxies: the request skipped the outer one, the first hop is its peer
    expect(forwardedClient('203.0.113.7', 3)).toBe('203.0.113.7');
    expect(forwardedClient('', 1)).toBeUndefined();
    expect(forwardedClient(undefined, 1)).toBeUndefined();
  });

  it('is decided in one place, from the configuration and the runtime’s peer', async () => {
    const answer = async (env: Record<string, string>, headers: Record<string, string>, peer?: string) => {
      const config = parseConfig(env);
      const app = new Hono().get('/', (c) =>
        c.text(clientAddress(c, { config, peerAddress: peer ? () => peer : undefined })),
      );
      return (await app.request('/', { headers })).text();
    };
    const spoofed = { 'x-forwarded-for': '6.6.6.6, 203.0.113.7', 'cf-connecting-ip': '7.7.7.7' };
    expect(await answer({}, spoofed, '198.51.100.4')).toBe('198.51.100.4');
    expect(await answer({}, spoofed)).toBe('unknown');
    expect(await answer({ TRUST_PROXY: 'true' }, spoofed, '10.0.0.2')).toBe('203.0.113.7');
    expect(await answer({ TRUST_PROXY: 'true', TRUSTED_PROXY_HOPS: '2' }, spoofed, '10.0.0.2')).toBe('6.6.6.6');
    // no header: the peer, even behind a proxy
    expect(await answer({ TRUST_PROXY: 'true' }, {}, '10.0.0.2')).toBe('10.0.0.2');
  });

  it('refuses a bad TRUSTED_PROXY_HOPS at start-up', () => {
    expect(() => parseConfig({ TRUSTED_PROXY_HOPS: '0' })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => parseConfig({ TRUSTED_PROXY_HOPS: 'two' })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(parseConfig({}).TRUSTED_PROXY_HOPS).toBe(1);
  });
});

describe('behind a trusted proxy', () => {
  it('does not let a client escape the rate limits by writing its own X-Forwarded-For hop', async () => {
    t = await createTestContext({ TRUST_PROXY: 'true', PUBLIC_RATE_LIMIT: '3' });
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const headers = { ...PHONE, 'x-forwarded-for': `10.${i}.0.1, 203.0.113.7` };
      statuses.push((await t.call('GET', '/01/08930000000019', { headers })).status);
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });

  it('logs the scan under the network the proxy saw', async () => {
    t = await createTestContext({ TRUST_PROXY: 'true', TRUSTED_PROXY_HOPS: '2' });
    const path = '/01/08930000000019/10/L1/21/ZZZZZZZZZZZZZ2';
    await t.call('GET', path, { headers: { ...PHONE, 'x-forwarded-for': '10.9.9.9, 203.0.113.7, 172.16.0.1' } });
    await t.call('GET', path, { headers: { ...PHONE, 'x-forwarded-for': '10.8.8.8, 203.0.113.99, 172.16.0.1' } });
    const rows = await t.db.sql<{ clientHash: string }[]>`select client_hash from scans order by id`;
    expect(rows).toHaveLength(2);
    // the same /24 on the same day: one network, whatever the client wrote to the left
    expect(rows[0]!.clientHash).toBe(rows[1]!.clientHash);
  });
});
