// Texts of the charts on the console homes: a cooperative's scans per week and stamps, the
// staff's findings, recalls and fake reports.
import { areaTexts } from './common';

export const CHART_TEXTS = areaTexts({
  vi: {
    scansTitle: 'Lượt quét tem trong 26 tuần qua',
    scansIntro:
      'Mỗi cột là một tuần (thứ Hai đến Chủ nhật), cột cuối cùng là tuần này. Các sản phẩm dùng chung một thang để dễ so sánh.',
    scansOf: (name: string) => `Lượt quét mỗi tuần: ${name}`,
    scansDesc: (total: number, max: number, week: string) =>
      total === 0
        ? 'Chưa có lượt quét nào trong 26 tuần qua.'
        : `Tổng ${total} lượt quét trong 26 tuần; nhiều nhất ${max} lượt trong tuần từ ${week}.`,
    scansTotal: (total: number) => `Tổng: ${total} lượt quét.`,
    weekOf: 'Tuần từ ngày',
    noProductsYet: 'Chưa có sản phẩm nào.',
    stampsTitle: 'Tem đã in được dùng thế nào',
    stampsIntro:
      'Trên tổng số tem đã in cho hợp tác xã: bao nhiêu tem đang kích hoạt và bao nhiêu tem đã có người quét.',
    stampsActive: 'Đang kích hoạt',
    stampsScanned: 'Đã được quét',
    staffTitle: 'Diễn biến gần đây',
    findingsTitle: 'Vấn đề liên kết phát hiện và đã xử lý mỗi tuần (12 tuần)',
    findingsDesc: (opened: number, resolved: number) =>
      `Trong 12 tuần qua: ${opened} vấn đề mới được phát hiện, ${resolved} vấn đề đã được xử lý.`,
    opened: 'Phát hiện mới',
    resolved: 'Đã xử lý',
    monthlyTitle: 'Thu hồi và báo cáo nghi ngờ hàng giả mỗi tháng (12 tháng)',
    monthlyDesc: (recalls: number, reports: number) =>
      `Trong 12 tháng qua: ${recalls} lần thu hồi lô sản xuất, ${reports} báo cáo nghi ngờ hàng giả từ người mua.`,
    recalls: 'Thu hồi',
    fakeReports: 'Báo cáo nghi giả',
    month: 'Tháng',
  },
  en: {
    scansTitle: 'Stamp scans over the last 26 weeks',
    scansIntro:
      'Each bar is a week (Monday to Sunday), the last one this week. All products share one scale, so they compare.',
    scansOf: (name: string) => `Scans per week: ${name}`,
    scansDesc: (total: number, max: number, week: string) =>
      total === 0
        ? 'No scans in the last 26 weeks.'
        : `${total} scans in 26 weeks; the most, ${max}, in the week from ${week}.`,
    scansTotal: (total: number) => `In all: ${total} scans.`,
    weekOf: 'Week from',
    noProductsYet: 'No products yet.',
    stampsTitle: 'How the printed stamps are used',
    stampsIntro: 'Of all stamps printed for the cooperative: how many are active, and how many someone has scanned.',
    stampsActive: 'Active',
    stampsScanned: 'Scanned',
    staffTitle: 'Recent activity',
    findingsTitle: 'Link findings opened and resolved per week (12 weeks)',
    findingsDesc: (opened: number, resolved: number) =>
      `In the last 12 weeks: ${opened} findings opened, ${resolved} resolved.`,
    opened: 'Opened',
    resolved: 'Resolved',
    monthlyTitle: 'Recalls and fake reports per month (12 months)',
    monthlyDesc: (recalls: number, reports: number) =>
      `In the last 12 months: ${recalls} batch recalls, ${reports} reports of suspected fakes from shoppers.`,
    recalls: 'Recalls',
    fakeReports: 'Fake reports',
    month: 'Month',
  },
});

export type ChartTexts = (typeof CHART_TEXTS)['vi'];
