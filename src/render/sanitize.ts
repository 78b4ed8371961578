// Strips everything from user text that a terminal could interpret: escape
// sequences (CSI, OSC, DCS, SOS/PM/APC and two-byte ESC forms, in both 7-bit
// and 8-bit C1 introducers), C0 controls except \n and \t, DEL, the rest of
// C1, and bidirectional overrides/isolates that can disguise text.

// String-type sequences run until BEL or ST (ESC \ or 0x9c); unterminated ones run to the end.
const STRING_SEQUENCE = /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)/g;
// CSI: ESC [ or 0x9b, parameter bytes, intermediate bytes, one final byte.
const CSI_SEQUENCE = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?/g;
// Other escapes: ESC, intermediates, one final byte (e.g. ESC c, ESC ( B).
const ESC_SEQUENCE = /\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function sanitize(text: string): string {
  return text
    .replace(STRING_SEQUENCE, '')
    .replace(CSI_SEQUENCE, '')
    .replace(ESC_SEQUENCE, '')
    .replace(CONTROLS, '');
}

/** Sanitised and folded to one line, for list views. */
export function sanitizeLine(text: string): string {
  return sanitize(text).replace(/\s+/g, ' ').trim();
}
