/**
 * Bytes to text for uploads. BPMN files declare their encoding in the XML declaration and some real
 * ones are ISO-8859-1; moddle only takes a string and assumes it is already decoded.
 */

/**
 * Decodes an uploaded file: a byte order mark wins, then the `encoding` of the XML declaration,
 * then UTF-8. Unknown encodings fall back to UTF-8 (undecodable bytes become U+FFFD).
 */
export function decodeDefinitionBytes(bytes: Uint8Array): string {
  return decoderFor(bytes).decode(bytes);
}

function decoderFor(bytes: Uint8Array): TextDecoder {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be');
  const declared = declaredEncoding(bytes);
  if (declared) {
    try {
      return new TextDecoder(declared);
    } catch {
      // an encoding the platform does not know: read as UTF-8
    }
  }
  return new TextDecoder('utf-8');
}

/** The `encoding="…"` of an `<?xml …?>` declaration, read as ASCII from the first bytes. */
export function declaredEncoding(input: Uint8Array | string): string | undefined {
  let head = '';
  if (typeof input === 'string') head = input.slice(0, 200);
  else for (let i = 0; i < Math.min(input.length, 200); i++) head += String.fromCharCode(input[i]);
  const declaration = /^\uFEFF?\s*<\?xml\s[^?]*\?>/.exec(head)?.[0];
  return declaration ? /\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(declaration)?.[1] : undefined;
}
