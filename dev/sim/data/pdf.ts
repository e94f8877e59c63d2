import { Group } from './model';

/**
 * A one-page PDF 1.4 naming the group, built by hand so that it is valid (correct xref offsets), needs no
 * dependency and is byte-identical on every run: its only date is the group's own `dateAdded`.
 */
export function renderGroupPdf(group: Group): Buffer {
  const lines = [
    `${group.type}: ${group.name}`,
    `Owner: ${group.ownerName}`,
    `Group ID: ${group.id}`,
    `Date added: ${group.dateAdded}`,
    'Exported by the ThreatConnect simulator.'
  ];
  const text = lines
    .map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 72 ${720 - i * 22} Td (${pdfString(line)}) Tj ET`)
    .join('\n');
  const creationDate = `D:${group.dateAdded.replace(/[-:TZ]/g, '').slice(0, 14)}Z`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    `<< /Title (${pdfString(group.name)}) /Producer (ThreatConnect simulator) /CreationDate (${creationDate}) >>`
  ];

  // The second line's high bytes mark the file as binary for transfer tools, as the PDF spec recommends.
  let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  // Each xref entry must be exactly 20 bytes, hence the space before the newline.
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A PDF literal string body: the standard Type1 fonts only cover printable ASCII here. */
function pdfString(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
}
