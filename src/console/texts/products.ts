// Texts of the product photo pages.
import { areaTexts } from './common';

export const PRODUCT_TEXTS = areaTexts({
  vi: {
    title: 'Ảnh sản phẩm',
    intro:
      'Ảnh sản phẩm hiện trên trang tem, trang sản phẩm và trang mô hình khi người mua quét mã. Mỗi sản phẩm có tối đa 6 ảnh; ảnh chính là ảnh được hiển thị.',
    gtin: 'Mã GTIN',
    photos: 'Ảnh',
    open: 'Xem và tải ảnh',
    noProducts: 'Chưa có sản phẩm nào.',
    noPhotos: 'Sản phẩm này chưa có ảnh.',
    main: 'Ảnh chính',
    makeMain: 'Đặt làm ảnh chính',
    remove: 'Xoá ảnh',
    upload: 'Tải ảnh lên',
    file: 'Tệp ảnh',
    fileHint:
      'Ảnh JPEG, PNG hoặc WebP, tối đa 8 MB. Hệ thống tự thu nhỏ ảnh và xoá thông tin ẩn trong ảnh (vị trí GPS, loại máy).',
    altVi: 'Mô tả ảnh (tiếng Việt, không bắt buộc)',
    altEn: 'Mô tả ảnh (tiếng Anh, không bắt buộc)',
    altHint: 'Cho người khiếm thị nghe đọc, ví dụ: “Hộp chè 100 g, nhãn xanh”. Để trống thì dùng tên sản phẩm.',
    asMain: 'Dùng làm ảnh chính',
    send: 'Tải lên',
    uploaded: 'Đã tải ảnh lên.',
    deleted: 'Đã xoá ảnh.',
    madeMain: 'Đã đổi ảnh chính.',
    refused: 'Không tải được ảnh',
    size: (w: number, h: number) => `${w} × ${h} điểm ảnh`,
    back: 'Về danh sách sản phẩm',
    why: {
      empty: 'Tệp trống. Hãy chọn lại ảnh.',
      too_big: 'Ảnh lớn hơn 8 MB. Hãy chụp lại ở chế độ thường hoặc gửi ảnh nhỏ hơn.',
      disguised:
        'Tệp mang đuôi ảnh nhưng thật ra không phải ảnh (ví dụ tệp PDF hay SVG). Hãy gửi ảnh JPEG, PNG hoặc WebP.',
      not_image:
        'Tệp này không phải ảnh JPEG, PNG hoặc WebP. Ảnh HEIC của iPhone: hãy chọn “Tương thích nhất” trong Cài đặt › Camera › Định dạng.',
      damaged: 'Tệp ảnh bị hỏng hoặc chưa tải hết. Hãy gửi lại.',
      animated: 'Ảnh động không được nhận. Hãy gửi ảnh tĩnh.',
      too_many_pixels: 'Ảnh quá nhiều điểm ảnh (tối đa 40 triệu). Hãy gửi ảnh nhỏ hơn.',
    } as Record<string, string>,
  },
  en: {
    title: 'Product photos',
    intro:
      'Product photos appear on the stamp, product and model pages when a buyer scans the code. Each product has at most 6 photos; the main photo is the one shown.',
    gtin: 'GTIN',
    photos: 'Photos',
    open: 'See and upload photos',
    noProducts: 'No products yet.',
    noPhotos: 'This product has no photo yet.',
    main: 'Main photo',
    makeMain: 'Make main photo',
    remove: 'Delete photo',
    upload: 'Upload a photo',
    file: 'Picture file',
    fileHint:
      'A JPEG, PNG or WebP picture of at most 8 MB. The service makes smaller copies and removes the hidden data in the file (GPS position, camera).',
    altVi: 'Description (Vietnamese, optional)',
    altEn: 'Description (English, optional)',
    altHint: 'Read aloud to blind visitors, e.g. “100 g tea box, green label”. Left empty, the product name is used.',
    asMain: 'Use as the main photo',
    send: 'Upload',
    uploaded: 'The photo was uploaded.',
    deleted: 'The photo was deleted.',
    madeMain: 'The main photo was changed.',
    refused: 'The photo could not be uploaded',
    size: (w: number, h: number) => `${w} × ${h} pixels`,
    back: 'Back to the products',
    why: {
      empty: 'The file is empty. Choose the picture again.',
      too_big: 'The picture is larger than 8 MB. Take it in the normal mode or send a smaller one.',
      disguised:
        'The file is named like a picture but is not one (a PDF or an SVG, for example). Send a JPEG, PNG or WebP photo.',
      not_image:
        'This file is not a JPEG, PNG or WebP picture. For iPhone HEIC photos, choose “Most Compatible” in Settings › Camera › Formats.',
      damaged: 'The picture file is damaged or was not sent whole. Send it again.',
      animated: 'Animated pictures are not accepted. Send a still photo.',
      too_many_pixels: 'The picture has too many pixels (at most 40 million). Send a smaller one.',
    } as Record<string, string>,
  },
});
export type ProductTexts = (typeof PRODUCT_TEXTS)['vi'];
