/** Bytes of a sample file before they are text: the BOM, and lines that are not UTF-8. */

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function stripBom(bytes: Uint8Array): Uint8Array {
  // A UTF-8 BOM is what spreadsheet programs write first; it is not part of the first column's name.
  return UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes;
}

/** Lines (1-based) holding bytes that are not UTF-8, with the text before the first bad byte and that byte. */
export function invalidUtf8Lines(bytes: Uint8Array): Map<number, { before: string; byte: number }> {
  const bad = new Map<number, { before: string; byte: number }>();
  const strict = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const lineBytes = bytes.subarray(start, end);
    try {
      strict.decode(lineBytes);
    } catch {
      const at = firstInvalidUtf8Byte(lineBytes);
      bad.set(line, {
        before: new TextDecoder().decode(lineBytes.subarray(0, at)),
        byte: lineBytes[at] ?? 0,
      });
    }
    start = end + 1;
    line += 1;
  }
  return bad;
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
    if (length === 0) return i;
    try {
      strict.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

/** The CSV column (1-based) a character offset of a line falls in: delimiters outside quotes are counted. */
export function columnAt(textBefore: string): number {
  let column = 1;
  let quoted = false;
  for (const ch of textBefore) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) column += 1;
  }
  return column;
}
