// Public surface of the label module: templates, their checks, and the PDF sheet renderer.
export { LabelError, type LabelErrorCode } from './errors';
export {
  parseTemplate,
  checkTemplate,
  templateSchema,
  pageGeometry,
  moduleSizeFor,
  MIN_MODULE_MM,
  type Template,
  type TemplateElement,
} from './template';
export {
  renderLabelSheet,
  renderLabelSheetStream,
  renderLabelSheetChunks,
  type LabelSheetOptions,
  type LabelFields,
  type Stamp,
  type Deflate,
} from './sheet';
export { encodeQr, type QrMatrix, type EcLevel } from './qr';
