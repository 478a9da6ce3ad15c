// A buyer types the address its recall webhooks go to, and the server makes the request: only
// public https addresses are taken, never one inside the server's own network.
import { describe, expect, it } from 'vitest';
import { isPublicIp, webhookAddressProblem } from '../../src/domain/webhook-address';
import { nodeWebhookHostCheck } from '../../src/entry/webhook-host-node';

const judge = (url: string, allowLoopbackHttp = false) => webhookAddressProblem(url, { allowLoopbackHttp });

describe('webhook addresses', () => {
  it('takes public https addresses', () => {
    for (const url of [
      'https://shop.example.vn/hooks/recall',
      'https://api.sieuthi.com.vn:8443/ocop?x=1',
      'https://8.8.8.8/hook',
      'https://[2001:4860:4860::8888]/hook',
    ])
      expect(judge(url), url).toBeNull();
  });

  it('refuses plain http, a user and password, and addresses inside a private or local network', () => {
    const refused = [
      'http://shop.example.vn/hook',
      'ftp://shop.example.vn/hook',
      'https://user:secret@shop.example.vn/hook',
      'https://127.0.0.1/hook',
      'https://127.1/hook', // the URL parser reads it as 127.0.0.1
      'https://2130706433/hook', // 127.0.0.1 as one number
      'https://0x7f000001/hook',
      'https://10.1.2.3/hook',
      'https://172.20.0.5/hook',
      'https://192.168.1.10/hook',
      'https://100.64.0.1/hook',
      'https://169.254.169.254/latest/meta-data', // cloud metadata
      'https://0.0.0.0/hook',
      'https://[::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://localhost/hook',
      'https://api.localhost/hook',
      'https://printer.local/hook',
      'https://db.internal/hook',
      'https://router.home.arpa/hook',
      'https://intranet/hook', // one label: a name of the local network
      'not a url',
    ];
    for (const url of refused) expect(judge(url), url).toMatch(/^must /);
  });

  it('lets http to this machine through only when the operator allows it for testing', () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost:9/hook', 'http://[::1]:9/hook']) {
      expect(judge(url), url).toMatch(/https/);
      expect(judge(url, true), url).toBeNull();
    }
    expect(judge('http://10.0.0.1/hook', true)).toMatch(/https/);
  });

  it('tells public from private IP addresses', () => {
    expect(['1.1.1.1', '203.0.114.1', '2606:4700::1111'].map(isPublicIp)).toEqual([true, true, true]);
    expect(
      ['172.31.255.255', '198.18.0.1', '224.0.0.1', '::', 'fc00::', '64:ff9b::a00:1', 'x'].map(isPublicIp),
    ).toEqual([false, false, false, false, false, false, false]);
  });

  it("on Node, refuses a name that DNS sends into this machine's network", async () => {
    expect(await nodeWebhookHostCheck('localhost')).toMatch(/resolves to (127\.0\.0\.1|::1), an address on a private/);
  });
});
