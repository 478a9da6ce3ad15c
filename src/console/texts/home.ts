// Texts of the home page: who is signed in, and the cooperative operator's panels.
import { areaTexts } from './common';

export const HOME_TEXTS = areaTexts({
  vi: {
    welcome: (name: string) => `Xin chào, ${name}`,
    sessionUntil: 'Phiên làm việc đến',
    whatNext: 'Chức năng',
    homeProducts: 'Sản phẩm OCOP của hợp tác xã',
    stars: 'Hạng sao',
    starsN: (n: number) => `${n} sao`,
    validUntil: 'Hiệu lực đến',
    noRating: 'Chưa được xếp hạng OCOP',
    expiresIn: (d: number) =>
      d === 0 ? 'Hết hạn hôm nay — cần đánh giá lại' : `Sắp hết hạn: còn ${d} ngày — cần chuẩn bị đánh giá lại`,
    lapsed: (day: string) => `Đã hết hạn từ ${day} — tem in mới sẽ không mang hạng sao`,
    noProducts: 'Hợp tác xã chưa có sản phẩm nào.',
    homeDrafts: 'Lô sản xuất đang soạn (chưa niêm phong)',
    noDrafts: 'Không có lô nháp nào.',
    homeRuns: 'Đợt in tem gần đây',
    noRuns: 'Chưa có đợt in tem nào.',
    homeScans: 'Lượt quét tem gần đây',
    noScans: 'Chưa có lượt quét nào.',
    homeReports: 'Báo cáo nghi ngờ hàng giả về sản phẩm của hợp tác xã',
    noReports: 'Không có báo cáo nào.',
    scannedAt: 'Thời điểm',
    language: 'Ngôn ngữ',
    message: 'Nội dung',
    reportStatus: { new: 'Mới', acknowledged: 'Đã tiếp nhận', resolved: 'Đã xử lý' } as Record<string, string>,
  },
  en: {
    welcome: (name: string) => `Welcome, ${name}`,
    sessionUntil: 'Session ends',
    whatNext: 'What you can do',
    homeProducts: 'The cooperative’s OCOP products',
    stars: 'Stars',
    starsN: (n: number) => `${n} stars`,
    validUntil: 'Valid until',
    noRating: 'Not OCOP rated',
    expiresIn: (d: number) =>
      d === 0 ? 'Expires today — re-assessment needed' : `Expires soon: ${d} days left — prepare the re-assessment`,
    lapsed: (day: string) => `Lapsed on ${day} — new stamps will carry no stars`,
    noProducts: 'The cooperative has no products yet.',
    homeDrafts: 'Batches being prepared (not sealed)',
    noDrafts: 'No draft batches.',
    homeRuns: 'Recent print runs',
    noRuns: 'No print runs yet.',
    homeScans: 'Recent stamp scans',
    noScans: 'No scans yet.',
    homeReports: 'Reports of suspected fakes about the cooperative’s products',
    noReports: 'No reports.',
    scannedAt: 'When',
    language: 'Language',
    message: 'Message',
    reportStatus: { new: 'New', acknowledged: 'Acknowledged', resolved: 'Resolved' },
  },
});

export type HomeTexts = (typeof HOME_TEXTS)['vi'];
