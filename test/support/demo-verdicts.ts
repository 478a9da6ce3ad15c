// What the stamp page of each demo stamp must say, by the label the demo banner prints
// (src/entry/demo-banner.ts): one table for every test that opens the demo's stamps.
export const DEMO_VERDICT_HEADLINES: Record<string, RegExp> = {
  'genuine, active': /Tem chính hãng, đang lưu hành/,
  'scanned too often': /Cảnh báo: tem này đã được quét nhiều lần/,
  'not yet activated': /Tem chính hãng nhưng chưa được kích hoạt/,
  'void (cancelled)': /Tem đã bị hủy/,
  'recalled batch': /Sản phẩm đang bị thu hồi/,
  'unknown serial': /Không tìm thấy — có thể là hàng giả/,
  'mistyped serial': /Số tem bị nhập sai/,
  'on another product': /Tem không thuộc về sản phẩm này/,
};
