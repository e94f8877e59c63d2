/** Thrown for a request target the server cannot decode; answered with a 400. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes `%XX` sequences exactly once (reference §1.3.5: the server decodes once, so `%2520` is the text `%20`).
 * Written here rather than using decodeURIComponent so the simulator and the client do not share a decoder's
 * blind spots; it is stricter, too: a raw non-ASCII character, a stray `%` or bytes that are not UTF-8 are errors.
 */
export function percentDecode(raw: string, plusIsSpace: boolean): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    const code = raw.charCodeAt(i);
    if (code > 0x7e || code < 0x21) {
      throw new DecodeError(`unencoded character U+${code.toString(16).padStart(4, '0')} at offset ${i}`);
    }
    if (char === '%') {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new DecodeError(`malformed percent-escape at offset ${i}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (char === '+' && plusIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(code);
    }
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    throw new DecodeError('percent-escapes do not form UTF-8');
  }
}
