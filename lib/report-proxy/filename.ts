/**
 * The file name a browser saves a report under. It may come from text we do not control (TC's
 * own Content-Disposition, i.e. a group name), so it is cleaned before it reaches a header:
 * no path separators, no control or bidi-override characters, bounded length, always `.pdf`.
 */

const MAX_NAME_CHARS = 120;

export function fallbackFileName(groupId: number): string {
  return `threatconnect-group-${groupId}.pdf`;
}

function withPdfExtension(base: string): string {
  const stem = base.replace(/\.pdf$/i, '').replace(/[\s.]+$/, '');
  return stem === '' ? '' : `${stem}.pdf`;
}

/** The Unicode name: what `filename*` carries. Empty when nothing usable is left. */
export function cleanFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    // Cc: controls (CR/LF would split the header); Cf: bidi overrides that make "fdp.exe" read as "exe.pdf".
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  return withPdfExtension([...cleaned].slice(0, MAX_NAME_CHARS).join(''));
}

/** The ASCII fallback for `filename=`, for browsers that ignore `filename*`. */
export function asciiFileName(clean: string): string {
  const ascii = clean
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9 ._-]/g, '_')
    .replace(/_{2,}/g, '_');
  return /[A-Za-z0-9]/.test(ascii.replace(/\.pdf$/i, '')) ? withPdfExtension(ascii) : '';
}

/** RFC 8187 value: UTF-8, percent-encoded outside attr-char. */
function extValue(name: string): string {
  return (
    "UTF-8''" +
    encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  );
}

/** `attachment; filename="..."; filename*=UTF-8''...`, named after `name` or, failing that, the group id. */
export function contentDisposition(name: string | undefined, groupId: number): string {
  const clean = name === undefined ? '' : cleanFileName(name);
  const ascii = (clean && asciiFileName(clean)) || fallbackFileName(groupId);
  return `attachment; filename="${ascii}"; filename*=${extValue(clean || fallbackFileName(groupId))}`;
}

/** The file name in an upstream Content-Disposition header, if it has one (RFC 6266). */
export function fileNameFromDisposition(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const ext = /filename\*\s*=\s*UTF-8'[^']*'([^;\s]+)/i.exec(value);
  if (ext) {
    try {
      return decodeURIComponent(ext[1]);
    } catch {
      // Malformed percent-encoding: fall through to the plain parameter.
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(value);
  if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
  return /filename\s*=\s*([^;\s"]+)/i.exec(value)?.[1];
}
