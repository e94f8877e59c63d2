/**
 * The proxy's pure parts: tokens (shape, single use, expiry on an injected clock), group ids,
 * file names, configuration, and the nginx block with its CLI.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DownloadTokenStore, TOKEN_PATTERN } from '../../lib/report-proxy/tokens';
import { parseTcId } from '../../lib/tc-id';
import { contentDisposition, fileNameFromDisposition } from '../../lib/report-proxy/filename';
import {
  parseReportProxyConfig,
  readReportProxyConfig,
  REPORT_PROXY_DEFAULTS
} from '../../lib/report-proxy/config';
import { nginxLocationBlock } from '../../lib/report-proxy/nginx';
import { main as nginxConf } from '../../bin/nginx-conf';

describe('download tokens', () => {
  let clock = 1_000_000;
  const store = new DownloadTokenStore<{ groupId: number }>({ ttlSeconds: 30, now: () => clock });
  after(() => store.close());

  test('are 64 random bytes as 128 hex characters, different every time', () => {
    const a = store.issue({ groupId: 1 });
    const b = store.issue({ groupId: 1 });
    assert.match(a, /^[0-9a-f]{128}$/);
    assert.match(b, TOKEN_PATTERN);
    assert.notEqual(a, b);
  });

  test('work exactly once', () => {
    const token = store.issue({ groupId: 42 });
    assert.deepEqual(store.take(token), { groupId: 42 });
    assert.equal(store.take(token), undefined);
  });

  test('expire after the configured duration', () => {
    const early = store.issue({ groupId: 7 });
    const late = store.issue({ groupId: 7 });
    clock += 29_999;
    assert.deepEqual(store.take(early), { groupId: 7 });
    clock += 1;
    assert.equal(store.take(late), undefined, 'valid for 30 s, not one millisecond more');
  });

  test('unknown, malformed and non-string tokens find nothing', () => {
    const token = store.issue({ groupId: 9 });
    for (const bad of [
      'a'.repeat(128),
      token.slice(1),
      token + '0',
      token.toUpperCase(),
      `${token.slice(0, 127)}g`,
      '',
      undefined,
      null,
      128,
      { toString: () => token }
    ]) {
      assert.equal(store.take(bad), undefined, String(bad).slice(0, 20));
    }
    assert.deepEqual(store.take(token), { groupId: 9 }, 'the bad attempts did not consume the real token');
  });

  test('are only issued for a positive integer group id', () => {
    for (const groupId of [0, -1, 1.5, NaN, Number.MAX_SAFE_INTEGER + 1, '12' as unknown as number]) {
      assert.throws(() => store.issue({ groupId }), /groupId must be a positive integer/);
    }
  });
});

test('group ids: positive safe integers or their plain decimal strings only', () => {
  assert.equal(parseTcId(12), 12);
  assert.equal(parseTcId('12'), 12);
  for (const bad of [
    '0x1f',
    '1e3',
    ' 12',
    '12 ',
    '-3',
    '1.0',
    '',
    '12a',
    '../1',
    0,
    -1,
    2.5,
    null,
    {},
    [1],
    true
  ]) {
    assert.equal(parseTcId(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(parseTcId('99999999999999999'), undefined, 'beyond the safe integers');
});

describe('Content-Disposition', () => {
  test('falls back to the group id', () => {
    const expected =
      'attachment; filename="threatconnect-group-77.pdf"; ' + "filename*=UTF-8''threatconnect-group-77.pdf";
    assert.equal(contentDisposition(undefined, 77), expected);
    assert.equal(contentDisposition('', 77), expected);
    assert.equal(contentDisposition('...', 77), expected);
    assert.equal(contentDisposition('\u202e\u0007', 77), expected);
  });

  test('keeps a Unicode name in filename* and gives an ASCII one in filename', () => {
    assert.equal(
      contentDisposition('Opération "Sandcastle" 2024', 5),
      'attachment; filename="Operation _Sandcastle_ 2024.pdf"; ' +
        "filename*=UTF-8''Op%C3%A9ration%20_Sandcastle_%202024.pdf"
    );
  });

  test('cannot be used to inject headers, paths or a misleading extension', () => {
    const value = contentDisposition('../../etc/passwd\r\nSet-Cookie: a=b\u202efdp.exe', 3);
    assert.doesNotMatch(value, /[\r\n\u202e]/);
    assert.doesNotMatch(value, /\.\.\//);
    assert.match(
      value,
      /filename="[A-Za-z0-9 ._-]+\.pdf"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+,;=@-]+\.pdf$/
    );
  });

  test('a name with no ASCII letter or digit still gets a usable ASCII filename', () => {
    assert.equal(
      contentDisposition('报告', 8),
      'attachment; filename="threatconnect-group-8.pdf"; filename*=UTF-8\'\'%E6%8A%A5%E5%91%8A.pdf'
    );
  });

  test('TC’s own file name is read from any of the usual forms', () => {
    assert.equal(
      fileNameFromDisposition('attachment; filename="Q3 Phishing Wave.pdf"'),
      'Q3 Phishing Wave.pdf'
    );
    assert.equal(fileNameFromDisposition('attachment; filename=plain.pdf'), 'plain.pdf');
    assert.equal(fileNameFromDisposition("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"), 'résumé.pdf');
    assert.equal(fileNameFromDisposition('attachment'), undefined);
    assert.equal(fileNameFromDisposition(undefined), undefined);
  });
});

describe('configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-proxy-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the shipped file is the documented default: disabled, 127.0.0.1:9876, 30 s tokens', () => {
    assert.deepEqual(readReportProxyConfig(), REPORT_PROXY_DEFAULTS);
    assert.deepEqual(REPORT_PROXY_DEFAULTS, {
      enabled: false,
      port: 9876,
      host: '127.0.0.1',
      downloadTokenDuration: 30,
      sslEnabled: false,
      sslPrivateKey: '',
      sslCert: ''
    });
  });

  test('missing keys take defaults; a missing file means disabled', () => {
    assert.deepEqual(parseReportProxyConfig({ enabled: true }), { ...REPORT_PROXY_DEFAULTS, enabled: true });
    assert.equal(readReportProxyConfig(join(dir, 'absent.json')).enabled, false);
  });

  test('every invalid field is named at once', () => {
    assert.throws(
      () => parseReportProxyConfig({ enabled: 'true', port: 70000, downloadTokenDuration: 0 }),
      (err: Error) =>
        /enabled must be true or false/.test(err.message) &&
        /port must be a port number/.test(err.message) &&
        /downloadTokenDuration/.test(err.message)
    );
    assert.throws(
      () => parseReportProxyConfig({ sslEnabled: true }),
      /sslPrivateKey and sslCert are required/
    );
    assert.throws(
      () => parseReportProxyConfig({ host: '127.0.0.1; evil', port: 0 }),
      (err: Error) => /host must be/.test(err.message) && /port must be a port number/.test(err.message)
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "enabled": true,');
    assert.throws(() => readReportProxyConfig(broken), /not valid JSON/);
  });
});

describe('host', () => {
  test('accepts IPv4 and IPv6 literals and DNS host names', () => {
    for (const host of [
      '127.0.0.1',
      '0.0.0.0',
      '10.1.2.3',
      '::1',
      '::',
      '2001:db8::10',
      '::ffff:127.0.0.1',
      'localhost',
      'polarity-proxy',
      'proxy.internal.example.com',
      'xn--bcher-kva.example',
      '9876.example'
    ]) {
      assert.equal(parseReportProxyConfig({ host }).host, host, host);
    }
    assert.equal(parseReportProxyConfig({ host: '  ::1 ' }).host, '::1', 'surrounding blanks are ignored');
  });

  test('refuses anything that could change the nginx block, naming the field', () => {
    for (const host of [
      '127.0.0.1; evil',
      '127.0.0.1:9876',
      '127.0.0.1/x',
      'a b',
      'proxy.example;\n}',
      '[::1]',
      'fe80::1%eth0',
      'http://127.0.0.1',
      '$host',
      'host"name',
      '-proxy',
      'proxy-',
      'proxy..example',
      '.proxy',
      'proxy.',
      'prøxy.example',
      'a'.repeat(64),
      `${'a'.repeat(60)}.`.repeat(5) + 'a',
      '',
      '   ',
      42
    ]) {
      assert.throws(
        () => parseReportProxyConfig({ host }),
        /The report proxy configuration is invalid: host must be an IPv4 or IPv6 address or a host name/,
        JSON.stringify(host)
      );
    }
  });

  test('an unchecked host never reaches the nginx block either', () => {
    assert.throws(
      () => nginxLocationBlock({ host: '127.0.0.1; evil', port: 9876, sslEnabled: false }),
      /host/
    );
    assert.throws(() => nginxLocationBlock({ host: '127.0.0.1', port: 0, sslEnabled: false }), /port/);
  });
});

describe('nginx block', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-proxy-nginx-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is the documented block for the configured port', () => {
    assert.equal(
      nginxLocationBlock({ host: '127.0.0.1', port: 9876, sslEnabled: false }),
      'location ~ "^/_int/threatconnect/download/([a-zA-Z0-9]{128})$" {\n' +
        '   proxy_set_header Host $host;\n' +
        '   proxy_set_header X-Real-IP $remote_addr;\n' +
        '   proxy_pass http://127.0.0.1:9876/download/$1;\n' +
        '}\n'
    );
  });

  test('uses https when sslEnabled, and a loopback literal for wildcard or IPv6 hosts', () => {
    assert.match(
      nginxLocationBlock({ host: '127.0.0.1', port: 9443, sslEnabled: true }),
      /proxy_pass https:\/\/127\.0\.0\.1:9443\/download\/\$1;/
    );
    assert.match(
      nginxLocationBlock({ host: '0.0.0.0', port: 1, sslEnabled: false }),
      /http:\/\/127\.0\.0\.1:1\//
    );
    assert.match(nginxLocationBlock({ host: '::1', port: 2, sslEnabled: false }), /http:\/\/\[::1\]:2\//);
  });

  test('npm run nginx-conf prints the block for the configuration file, and only the block on stdout', () => {
    const path = join(dir, 'report-proxy-server.json');
    writeFileSync(path, JSON.stringify({ enabled: true, port: 9911, sslEnabled: false }));
    let out = '';
    const err: string[] = [];
    assert.equal(nginxConf(['--config', path], { out: (t) => (out += t), err: (l) => err.push(l) }), 0);
    assert.equal(out, nginxLocationBlock({ host: '127.0.0.1', port: 9911, sslEnabled: false }));
    assert.equal(err.length, 0, err.join('\n'));

    writeFileSync(path, JSON.stringify({ port: 'x' }));
    out = '';
    assert.equal(nginxConf(['--config', path], { out: (t) => (out += t), err: (l) => err.push(l) }), 1);
    assert.equal(out, '');
    assert.match(err.join('\n'), /port must be a port number/);
  });

  const run = (argv: string[]) => {
    let out = '';
    const err: string[] = [];
    const code = nginxConf(argv, { out: (t) => (out += t), err: (l) => err.push(l) });
    return { code, out, err: err.join('\n') };
  };

  test('an explicitly given config file that does not exist is an error, not the defaults', () => {
    const absent = join(dir, 'absent.json');
    const { code, out, err } = run(['--config', absent]);
    assert.equal(code, 2);
    assert.equal(out, '', 'nothing an admin could redirect into nginx');
    assert.ok(err.includes(`${absent} does not exist`), err);
  });

  test('--help and -h print the usage to stdout and exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = run([flag]);
      assert.equal(code, 0, flag);
      assert.match(out, /^Usage: nginx-conf \[--config <path>\]\n/, flag);
      assert.ok(out.endsWith('\n'), flag);
      assert.equal(err, '', flag);
    }
  });

  test('a host that is not an address or host name is refused, naming the field, with nothing on stdout', () => {
    const path = join(dir, 'evil.json');
    writeFileSync(path, JSON.stringify({ enabled: true, host: '127.0.0.1; evil' }));
    const { code, out, err } = run(['--config', path]);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.match(err, /host must be an IPv4 or IPv6 address or a host name/);
    assert.doesNotMatch(out, /evil/);
  });
});
