import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createDemoDataset,
  matchesTql,
  parseTql,
  Simulator,
  startSimulator,
  TqlSyntaxError
} from '../../dev/sim';
import type { IndicatorRecord } from '../../dev/sim';
import { call, json, searchTarget, strictEncode, V3List } from './helpers';

const eq = (keyword: string, value: string | number | boolean) => ({
  kind: 'compare',
  keyword,
  operator: 'eq',
  values: [value]
});

describe('TQL parser', () => {
  it('parses a comparison with each equality spelling, keywords and operators in any case', () => {
    for (const query of ['summary = "a"', 'summary == "a"', 'SUMMARY eq "a"', 'Summary EQUALS "a"']) {
      assert.deepEqual(parseTql(query), eq('summary', 'a'), query);
    }
    assert.deepEqual(parseTql('TYPENAME != "Host"'), {
      kind: 'compare',
      keyword: 'typeName',
      operator: 'ne',
      values: ['Host']
    });
    assert.deepEqual(parseTql('typeName NE "Host"').kind, 'compare');
  });

  it('reads double- and single-quoted strings with \\\\ \\" \\\' \\` escapes', () => {
    assert.deepEqual(
      parseTql(String.raw`ownerName = "Analysts' Community"`),
      eq('ownerName', "Analysts' Community")
    );
    assert.deepEqual(
      parseTql(String.raw`ownerName = 'Analysts\' Community'`),
      eq('ownerName', "Analysts' Community")
    );
    assert.deepEqual(parseTql(String.raw`summary = "a\\b\"c\'d\`e"`), eq('summary', 'a\\b"c\'d`e'));
    assert.deepEqual(parseTql(String.raw`summary = 'say "hi"'`), eq('summary', 'say "hi"'));
  });

  it('reads bare numbers and booleans', () => {
    assert.deepEqual(parseTql('id = 42'), eq('id', 42));
    assert.deepEqual(parseTql('indicatorActive = TRUE'), eq('indicatorActive', true));
    assert.deepEqual(parseTql('indicatorActive=false'), eq('indicatorActive', false));
  });

  it('binds and tighter than or', () => {
    assert.deepEqual(parseTql('id = 1 or id = 2 and id = 3'), {
      kind: 'or',
      left: eq('id', 1),
      right: { kind: 'and', left: eq('id', 2), right: eq('id', 3) }
    });
    assert.deepEqual(parseTql('id = 1 and id = 2 or id = 3'), {
      kind: 'or',
      left: { kind: 'and', left: eq('id', 1), right: eq('id', 2) },
      right: eq('id', 3)
    });
  });

  it('lets parentheses override precedence, nested', () => {
    assert.deepEqual(parseTql('((id = 1 or id = 2)) and id = 3'), {
      kind: 'and',
      left: { kind: 'or', left: eq('id', 1), right: eq('id', 2) },
      right: eq('id', 3)
    });
  });

  it('parses in and not in lists', () => {
    assert.deepEqual(parseTql('typeName in ("Address", "Host")'), {
      kind: 'compare',
      keyword: 'typeName',
      operator: 'in',
      values: ['Address', 'Host']
    });
    assert.deepEqual(parseTql('ownerName NOT IN (\'A, B\',"C")'), {
      kind: 'compare',
      keyword: 'ownerName',
      operator: 'notIn',
      values: ['A, B', 'C']
    });
    assert.deepEqual(parseTql('id in (1,2,3)').kind, 'compare');
  });

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['(summary = "a"', /expected '\)'/],
    ['summary = "a")', /unexpected '\)'/],
    ['summary = "a', /unterminated/],
    ["summary = 'a", /unterminated/],
    ['summary = "a\\n"', /invalid escape/],
    ['colour = "red"', /unknown keyword 'colour'/],
    ['summary "a"', /expected an operator/],
    ['summary =', /expected a value/],
    ['summary = "a" and', /expected a keyword/],
    ['summary = "a" summary = "b"', /unexpected 'summary'/],
    ['typeName in "Host"', /expected '\('/],
    ['typeName in ("Host" "URL")', /expected ',' or '\)'/],
    ['typeName in ()', /expected a value/],
    ['typeName not "Host"', /expected 'in'/],
    ['summary like "%a%"', /not supported by the simulator/],
    ['id > 4', /not supported by the simulator/],
    ['id = "4"', /id expects a number/],
    ['indicatorActive = "true"', /indicatorActive expects a boolean/],
    ['summary = 4', /summary expects a string/],
    ['summary = "a" & id = 1', /unexpected character '&'/]
  ];
  for (const [query, message] of bad) {
    it(`rejects ${JSON.stringify(query)}`, () => {
      assert.throws(
        () => parseTql(query),
        (error: unknown) => {
          assert.ok(error instanceof TqlSyntaxError);
          assert.match(error.message, message);
          return true;
        }
      );
    });
  }
});

describe('TQL matching', () => {
  const data = createDemoDataset();
  const find = (summary: string, owner: string): IndicatorRecord =>
    data.findBySummary(summary).find((r) => r.ownerName === owner)!;
  const options = { hashCaseInsensitive: true };
  const eicar = find('44D88612FEA8A8F36DE82E1278ABB02F', 'Demo Organization');
  const host = find('malware-c2.example', 'Demo Organization');
  const ipv6 = find('2001:db8:0:0:0:0:0:1', 'Demo Organization');

  it('matches hashes in value1-3 and File summaries ignoring case', () => {
    assert.equal(matchesTql(parseTql('value1 = "44d88612fea8a8f36de82e1278abb02f"'), eicar, options), true);
    assert.equal(matchesTql(parseTql(`value3 = "${eicar.sha256!.toLowerCase()}"`), eicar, options), true);
    assert.equal(matchesTql(parseTql(`value2 = "${eicar.sha1}"`), eicar, options), true);
    assert.equal(matchesTql(parseTql('summary = "44d88612fea8a8f36de82e1278abb02f"'), eicar, options), false);
    const summary = `${eicar.md5} : ${eicar.sha1} : ${eicar.sha256}`.toLowerCase();
    assert.equal(matchesTql(parseTql(`summary = "${summary}"`), eicar, options), true);
    assert.equal(
      matchesTql(parseTql('value1 = "44d88612fea8a8f36de82e1278abb02f"'), eicar, {
        hashCaseInsensitive: false
      }),
      false
    );
  });

  it('matches everything else exactly, so unnormalised values miss', () => {
    assert.equal(matchesTql(parseTql('summary = "malware-c2.example"'), host, options), true);
    assert.equal(matchesTql(parseTql('summary = "MALWARE-C2.EXAMPLE"'), host, options), false);
    assert.equal(matchesTql(parseTql('summary = "2001:db8::1"'), ipv6, options), false);
    assert.equal(matchesTql(parseTql('typeName = "host"'), host, options), false);
  });

  it('evaluates in, not in, !=, and, or', () => {
    const q = (text: string) => matchesTql(parseTql(text), host, options);
    assert.equal(q('typeName in ("Address", "Host")'), true);
    assert.equal(q('typeName not in ("Address", "Host")'), false);
    assert.equal(q('ownerName != "Demo Organization"'), false);
    assert.equal(
      q('typeName = "Address" or summary = "malware-c2.example" and ownerName = "Demo Organization"'),
      true
    );
    assert.equal(
      q('(typeName = "Address" or summary = "malware-c2.example") and ownerName = "Nobody"'),
      false
    );
    assert.equal(q(`id = ${host.id}`), true);
  });
});

describe('TQL over HTTP', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('answers a syntax error with 400 and errCode 0x2001', async () => {
    const res = await call(sim, 'GET', searchTarget('summary = "unterminated'));
    assert.equal(res.status, 400);
    const body = json(res);
    assert.equal(body.status, 'Error');
    assert.equal(body.errCode, '0x2001');
    assert.match(body.message ?? '', /^Syntax error\(s\) found with your TQL query\. /);
  });

  it('finds an owner name with an apostrophe through escaped quotes', async () => {
    const tql = String.raw`ownerName = 'Analysts\' Community' and summary = "192.0.2.10"`;
    const res = await call(sim, 'GET', searchTarget(tql));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      json<V3List>(res).data.map((i) => i.ownerName),
      ["Analysts' Community"]
    );
  });

  it('accepts + for spaces and raw parentheses in the query, as DD encodes it', async () => {
    const res = await call(
      sim,
      'GET',
      '/api/v3/indicators?tql=summary+%3D+%22192.0.2.10%22+and+typeName+in+(%22Address%22)'
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(json<V3List>(res).data.length, 3);
  });

  it('decodes the query exactly once', async () => {
    const text = 'https://once.example/?q=%20';
    sim.dataset.addIndicator({ ownerName: 'Demo Organization', type: 'URL', value: text });
    const once = await call(sim, 'GET', searchTarget(`summary = "${text}"`));
    assert.equal(json<V3List>(once).data.length, 1);
    const twice = await call(
      sim,
      'GET',
      `/api/v3/indicators?tql=${strictEncode(strictEncode(`summary = "${text}"`))}`
    );
    assert.equal(twice.status, 400, 'a doubly encoded query is not TQL');
  });
});
