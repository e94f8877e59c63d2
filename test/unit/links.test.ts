import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLinkRewriter, tagLink } from '../../lib/links';

const link = 'https://tc.example.test/#/details/indicators/5/overview';

test('default port: links are left as TC wrote them', () => {
  assert.equal(createLinkRewriter('https://tc.example.test/api')(link), link);
  assert.equal(createLinkRewriter('https://tc.example.test:443/api')(link), link);
});

test('a custom port in the configured URL is added to links that have none', () => {
  assert.equal(
    createLinkRewriter('https://tc.example.test:8443/api')(link),
    'https://tc.example.test:8443/#/details/indicators/5/overview'
  );
});

test('a link that already carries a port keeps it, unless the override is set', () => {
  const withPort = 'https://tc.example.test:9443/#/x';
  assert.equal(createLinkRewriter('https://tc.example.test:8443/api')(withPort), withPort);
  assert.equal(
    createLinkRewriter('https://tc.example.test:8443/api', 7443)(withPort),
    'https://tc.example.test:7443/#/x'
  );
});

test('settings.threatConnectPort wins over the URL port; a numeric string is accepted; null is ignored', () => {
  assert.equal(
    createLinkRewriter('https://tc.example.test:8443/api', 7443)(link),
    'https://tc.example.test:7443/#/details/indicators/5/overview'
  );
  assert.equal(
    createLinkRewriter('https://tc.example.test/api', '7443')(link),
    'https://tc.example.test:7443/#/details/indicators/5/overview'
  );
  assert.equal(
    createLinkRewriter('https://tc.example.test:8443/api', null)(link),
    'https://tc.example.test:8443/#/details/indicators/5/overview'
  );
});

test('missing or non-web links become null so the overlay never opens them', () => {
  const fix = createLinkRewriter('https://tc.example.test:8443/api');
  assert.equal(fix(undefined), null);
  assert.equal(fix(''), null);
  assert.equal(fix('javascript:alert(1)'), null);
  assert.equal(fix('not a url'), null);
});

test('tag links go to TC tag page on the indicator host, with the port rules applied', () => {
  const fix = createLinkRewriter('https://tc.example.test:8443/api');
  assert.equal(
    tagLink(
      'https://tc.example.test/#/details/indicators/5/overview',
      { id: 12, name: 'APT <x>' },
      "Analysts' Community",
      fix
    ),
    'https://tc.example.test:8443/auth/tags/tag.xhtml?tag=12&owner=Analysts%27+Community'
  );
  assert.equal(
    tagLink(
      'https://tc.example.test:9443/#/x',
      { name: 'a&b' },
      'Org',
      createLinkRewriter('https://tc.example.test/api', 7443)
    ),
    'https://tc.example.test:7443/auth/tags/tag.xhtml?tag=a%26b&owner=Org'
  );
  assert.equal(tagLink(undefined, { name: 'x' }, 'Org', fix), null);
});
