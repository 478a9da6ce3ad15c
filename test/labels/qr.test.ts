import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { chooseVersion, encodeQr, type EcLevel } from '../../src/labels/qr';
import { makeStamps } from './helpers';

function texts(): string[] {
  const out = makeStamps(60).map((s) => s.uri);
  out.push(
    'Chè Shan tuyết cổ thụ',
    'HELLO WORLD 123',
    '0123456789',
    'a',
    'x'.repeat(300),
    `https://ex.vn/${'9'.repeat(400)}${'ABC'.repeat(80)}`,
  );
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < 60; i++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 300);
    for (let j = 0; j < n; j++) s += String.fromCharCode(32 + Math.floor(rnd() * 95));
    out.push(s);
  }
  return out;
}

describe('QR encoder', () => {
  it.each(['L', 'M', 'Q', 'H'] as EcLevel[])(
    'matches the qrcode package bit for bit at level %s, never with a bigger version',
    (level) => {
      for (const t of texts()) {
        const m = encodeQr(t, { level });
        const { segments } = chooseVersion(t, level);
        const ref = QRCode.create(
          segments.map((s) => ({
            mode: s.mode,
            data: s.mode === 'byte' ? s.bytes : new TextDecoder().decode(s.bytes),
          })) as unknown as string,
          { errorCorrectionLevel: level, version: m.version },
        );
        expect(m.mask).toBe(ref.maskPattern);
        expect(Buffer.from(m.modules).equals(Buffer.from(ref.modules.data))).toBe(true);
        expect(m.version).toBeLessThanOrEqual(QRCode.create(t, { errorCorrectionLevel: level }).version);
      }
    },
  );

  it('matches qrcode bit for bit on 3,000 random GS1 Digital Link URIs (mask choice included)', () => {
    let seed = 20250315;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const pick = (alphabet: string, len: number) => {
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[rnd(alphabet.length)];
      return s;
    };
    const UPPER = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    const ANY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._';
    const hosts = ['trace.example.vn', 'id.ocop.gov.vn', 'q.htx-thuongson.vn'];
    const levels: EcLevel[] = ['L', 'M', 'Q', 'H'];
    const masks = new Set<number>();
    for (let k = 0; k < 3000; k++) {
      const serial = k % 3 === 0 ? pick(ANY, 1 + rnd(20)) : pick(UPPER, 14);
      const lot = k % 5 === 0 ? pick(ANY, 1 + rnd(20)) : `LOT-${2020 + rnd(10)}-${String(rnd(100)).padStart(2, '0')}`;
      const uri = `https://${hosts[rnd(hosts.length)]}/01/${pick('0123456789', 14)}/10/${lot}/21/${serial}`;
      const level = k % 4 === 0 ? levels[rnd(4)]! : 'M';
      const m = encodeQr(uri, { level });
      const { segments } = chooseVersion(uri, level);
      const ref = QRCode.create(
        segments.map((s) => ({
          mode: s.mode,
          data: s.mode === 'byte' ? s.bytes : new TextDecoder().decode(s.bytes),
        })) as unknown as string,
        { errorCorrectionLevel: level, version: m.version },
      );
      masks.add(m.mask);
      if (m.mask !== ref.maskPattern || !Buffer.from(m.modules).equals(Buffer.from(ref.modules.data))) {
        throw new Error(`mismatch for ${uri} at ${level}: mask ${m.mask} vs ${ref.maskPattern}`);
      }
    }
    expect(masks.size).toBe(8); // every mask pattern was chosen at least once
  }, 60_000);

  it('puts a Digital Link URI with upper-case qualifiers in version 4 at level M', () => {
    const m = encodeQr('https://trace.example.vn/01/08930000000017/10/LOT-2025-01/21/ABCDEFGHJKMNP2', { level: 'M' });
    expect(m.version).toBe(4);
    expect(m.size).toBe(33);
  });
});
