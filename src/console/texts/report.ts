// Texts of the programme report page.
import { areaTexts } from './common';

export const REPORT_TEXTS = areaTexts({
  vi: {
    navLabel: 'Báo cáo',
    title: 'Báo cáo tiến độ Đề án OCOP',
    intro: 'Số liệu đo từ dữ liệu truy xuất, theo từng năm và cả giai đoạn, so với chỉ tiêu của tỉnh.',
    fromYear: 'Từ năm',
    toYear: 'Đến năm',
    show: 'Xem báo cáo',
    result: 'Kết quả',
    met: 'Đạt',
    unmet: 'Chưa đạt',
    rules: 'Cách tính từng số liệu',
    generated: 'Lập lúc',
    print: 'Bản để in',
    yearBad: 'Năm gồm 4 chữ số, từ 2000 đến 2100',
    contract: (m: number) => `Vùng nguyên liệu ổn định: hợp đồng liên kết từ ${m} tháng trở lên.`,
  },
  en: {
    navLabel: 'Report',
    title: 'OCOP programme progress report',
    intro:
      'Figures measured from the traceability data, per year and for the whole period, against the provincial targets.',
    fromYear: 'From year',
    toYear: 'To year',
    show: 'Show the report',
    result: 'Result',
    met: 'Met',
    unmet: 'Not met',
    rules: 'How each figure is counted',
    generated: 'Generated',
    print: 'Printable page',
    yearBad: 'A year has 4 digits, from 2000 to 2100',
    contract: (m: number) => `Stable raw-material area: a supply contract of ${m} months or more.`,
  },
});

export type ReportTexts = (typeof REPORT_TEXTS)['vi'];
