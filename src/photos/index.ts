// Product photos: checking and resizing an upload (codecs passed in), the limits, and the URLs.
export type { ImageCodecs, Pixels, PhotoType, PhotoWasm } from './codecs';
export { jsquashCodecs } from './jsquash';
export { checkPhotoFile, preparePhoto, variantWidths, type PreparedPhoto, type PhotoVariant } from './prepare';
export * from './limits';
export { photoPath, photoSrcset, photoTag, photoWidthFor, heightAt, type PhotoRef } from './urls';
export { sniff, headerSize } from './sniff';
