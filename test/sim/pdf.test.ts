import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createDemoDataset,
  LIMITED_USER,
  PDF_EXPORTABLE_GROUP_TYPES,
  Simulator,
  startSimulator
} from '../../dev/sim';
import { call, json } from './helpers';

describe('GET /api/v3/groups/{id}/pdf', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  const group = (name: string) => sim.dataset.groups.find((g) => g.name === name)!;

  it('returns a valid, deterministic PDF for an exportable group', async () => {
    const report = group('Q3 Phishing Wave');
    const res = await call(sim, 'GET', `/api/v3/groups/${report.id}/pdf`, {
      headers: { Accept: 'application/octet-stream' }
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="Q3 Phishing Wave.pdf"$/);
    const pdf = res.body.toString('latin1');
    assert.ok(pdf.startsWith('%PDF-1.4\n'));
    assert.ok(pdf.endsWith('%%EOF\n'));
    assert.match(pdf, /\(Report: Q3 Phishing Wave\) Tj/);

    // Every xref entry must point at its object, or readers repair or reject the file.
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
    assert.ok(pdf.startsWith('xref\n', startxref));
    const entries = pdf.slice(startxref).split('\n').slice(3, 9);
    entries.forEach((entry, i) => {
      assert.equal(entry.length + 1, 20, 'xref entries are 20 bytes');
      assert.ok(pdf.startsWith(`${i + 1} 0 obj`, Number(entry.slice(0, 10))), `object ${i + 1}`);
    });
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(pdf)![1]);
    const streamStart = pdf.indexOf('stream\n') + 'stream\n'.length;
    assert.equal(pdf.slice(streamStart + length, streamStart + length + '\nendstream'.length), '\nendstream');

    const again = createDemoDataset().groups.find((g) => g.name === 'Q3 Phishing Wave')!.pdf!;
    assert.ok(res.body.equals(again), 'the same bytes on every run');
  });

  it('is 404 for types TC cannot export, unknown ids and owners the user cannot see', async () => {
    for (const name of ['phish-kit-notes.pdf', 'Invoice overdue', 'EICAR YARA rule']) {
      const g = group(name);
      assert.equal(PDF_EXPORTABLE_GROUP_TYPES.has(g.type), false);
      const res = await call(sim, 'GET', `/api/v3/groups/${g.id}/pdf`);
      assert.equal(res.status, 404, name);
      assert.equal(json(res).errCode, '0x1004');
    }
    assert.equal((await call(sim, 'GET', '/api/v3/groups/123/pdf')).status, 404);
    assert.equal((await call(sim, 'GET', '/api/v3/groups/abc/pdf')).status, 404);
    const partner = group('Partner-only report');
    assert.equal((await call(sim, 'GET', `/api/v3/groups/${partner.id}/pdf`)).status, 404);
    assert.equal(
      (await call(sim, 'GET', `/api/v3/groups/${partner.id}/pdf`, { user: LIMITED_USER })).status,
      200
    );
  });

  it('has a PDF for every exportable demo group', () => {
    for (const g of sim.dataset.groups)
      assert.equal(Boolean(g.pdf), PDF_EXPORTABLE_GROUP_TYPES.has(g.type), g.name);
  });

  it('can send another Content-Type', async () => {
    const other = await startSimulator({ behaviour: { pdfContentType: 'application/octet-stream' } });
    try {
      const res = await call(other, 'GET', `/api/v3/groups/${group('Example Bear').id}/pdf`);
      assert.equal(res.headers['content-type'], 'application/octet-stream');
    } finally {
      await other.close();
    }
  });
});
