// Typed errors of the label module; `code` is stable and mapped to HTTP by the API layer.

export type LabelErrorCode =
  /** the template JSON does not match the schema (400) */
  | 'LABEL_TEMPLATE_INVALID'
  /** the template cannot print this run: QR modules too small, an element overflows (422) */
  | 'LABEL_TEMPLATE_UNFIT'
  /** the font has no glyph for a character that would be printed (422) */
  | 'LABEL_GLYPH_MISSING'
  /** the print input itself is unusable, e.g. a URI too long for any QR code (422) */
  | 'LABEL_INPUT_INVALID';

export class LabelError extends Error {
  readonly code: LabelErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: LabelErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'LabelError';
    this.code = code;
    this.details = details;
  }
}
