// Demo seed, stage 4: scans and fake reports, so that every verdict and warning can be seen on a
// demo stamp: one stamp scanned past the warning threshold, ordinary stamps scanned once or
// twice, link-preview bots, a run of unknown serials tried against one product, a real serial
// copied onto another product's packs, and reports.
import type { DemoContext } from './seed';
import { recordStampScans, insertFakeReport, type ScanInput } from '../db/scans-store';
import { generateSerials } from '../domain/serial';
import { stampsInPrintOrder } from '../db/demo-store';

const FAMILIES = ['zalo', 'chrome', 'facebook-app', 'safari', 'coccoc', 'samsung'];

function daysBefore(now: Date, days: number, hour = 9): Date {
  const d = new Date(now.getTime() - days * 86_400_000);
  d.setUTCHours(hour - 7, (days * 7) % 60, 0, 0);
  return d;
}

export async function seedDemoScans(ctx: DemoContext): Promise<void> {
  const { tx, now } = ctx;
  const stamps = await stampsInPrintOrder(tx);
  if (!stamps.length) return;
  const scans: ScanInput[] = [];
  const add = (
    s: { serial: string; gtin: string; lot: string },
    days: number,
    n: number,
    opts: { bot?: boolean; hash?: string } = {},
  ) => {
    for (let i = 0; i < n; i++) {
      scans.push({
        serial: s.serial,
        gtin: s.gtin,
        lot: s.lot,
        clientHash: opts.hash ?? `demo${(days * 31 + i * 7).toString(16).padStart(12, '0')}`,
        userAgentFamily: opts.bot ? 'bot' : FAMILIES[(days + i) % FAMILIES.length]!,
        language: i % 5 === 4 ? 'en' : 'vi',
        isBot: !!opts.bot,
        at: daysBefore(now, days - i * 0.02),
      });
    }
  };
  // The first active stamp of the first run: scanned far too often, on many days (a copied stamp).
  const copied = stamps.find((s) => s.state === 'active')!;
  for (let d = 40; d >= 2; d -= 3) add(copied, d, 1);
  // Ordinary life: every fourth active stamp scanned once or twice, some previewed by chat apps.
  stamps
    .filter((s) => s.state === 'active' && s !== copied && s.position % 4 === 1)
    .forEach((s, i) => {
      add(s, 3 + (i % 20), 1 + (i % 2));
      if (i % 5 === 0) add(s, 3 + (i % 20), 1, { bot: true });
    });
  // A few scans of stamps that are not (or no longer) genuine.
  for (const s of stamps.filter((x) => x.state !== 'active').slice(0, 3)) add(s, 5, 1);
  // Someone guessing serials against one product, from one network, within an hour.
  const target = stamps[0]!;
  for (const serial of generateSerials(6)) {
    scans.push({
      serial,
      gtin: target.gtin,
      lot: target.lot,
      clientHash: 'demo-guesser0001',
      userAgentFamily: 'chrome',
      language: 'vi',
      isBot: false,
      at: daysBefore(now, 6),
    });
  }
  // Fake packs of the first product (the Cao Bồ tea) whose QR codes carry a real serial of another
  // product's stamp (the cooperative's black tea): scanned three times from two networks.
  const borrowed = stamps.find((s) => s.state === 'active' && s.gtin !== target.gtin && s.position % 4 !== 1);
  if (borrowed) {
    for (let i = 0; i < 3; i++) {
      scans.push({
        serial: borrowed.serial,
        gtin: target.gtin,
        lot: target.lot,
        clientHash: `demo-copyshop00${i % 2}`,
        userAgentFamily: 'zalo',
        language: 'vi',
        isBot: false,
        at: daysBefore(now, 4 - i),
      });
    }
  }
  scans.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let i = 0; i < scans.length; i += 200) await recordStampScans(tx, scans.slice(i, i + 200));
  ctx.counts.scans = scans.length;

  const reports = [
    {
      s: copied,
      verdict: 'genuine',
      message: 'Mua ở chợ phiên, tem trông giống thật nhưng trang báo đã quét rất nhiều lần.',
      contact: '0912 000 111',
      days: 3,
    },
    {
      s: { serial: scans.find((x) => x.clientHash === 'demo-guesser0001')!.serial, gtin: target.gtin, lot: target.lot },
      verdict: 'unknown',
      message: 'Tem không có trong hệ thống, bán trên mạng xã hội với giá rẻ.',
      contact: null,
      days: 6,
    },
    {
      s: stamps.find((x) => x.state === 'void') ?? copied,
      verdict: 'void',
      message: 'Cửa hàng tạp hóa bán sản phẩm có tem đã bị hủy.',
      contact: 'nguoimua@example.vn',
      days: 5,
    },
  ];
  for (const r of reports) {
    const id = await insertFakeReport(tx, {
      serial: r.s.serial,
      gtin: r.s.gtin,
      lot: r.s.lot,
      verdict: r.verdict,
      message: r.message,
      contact: r.contact,
      clientHash: 'demo-reporter001',
      at: daysBefore(now, r.days, 20),
    });
    await ctx.audit('fake_report', id, { ...r, s: undefined, serial: r.s.serial });
  }
  ctx.counts.fakeReports = reports.length;
}
