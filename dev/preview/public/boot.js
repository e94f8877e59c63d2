/*
 * Boots a minimal Ember application that draws Polarity-like overlay blocks around the integration's real
 * component (components/threatconnect.js, already loaded as polarity.export) and its real template, compiled
 * here at runtime exactly as it is in the repository.
 *
 * ?mode=preview asks the preview server for blocks and routes messages to it; otherwise the page waits for a
 * test to call __harness.render(blocks).
 */
(function () {
  'use strict';
  const req = window.require;
  const Application = req('@ember/application').default;
  const EmberObject = req('@ember/object').default;
  const Router = req('@ember/routing/router').default;
  const { run } = req('@ember/runloop');
  const compiler = req('ember-template-compiler');
  const harness = window.__harness;

  const APPLICATION_TEMPLATE = [
    '{{#each this.blocks as |block|}}',
    '  <div class="harness-block">',
    '    <div class="harness-block-title">',
    '      <span class="harness-acronym">{{block.acronym}}</span>',
    '      <span class="harness-entity">{{block.entity.value}}</span>',
    '    </div>',
    '    <div class="harness-block-body">{{integration-block block=block}}</div>',
    '  </div>',
    '{{/each}}'
  ].join('\n');

  function fetchText(url) {
    return window.fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
      return response.text();
    });
  }

  /** Blocks as Polarity hands them to the component: an Ember object the component may set properties on. */
  function toBlock(block) {
    return EmberObject.create(Object.assign({ acronym: 'TC', integrationName: 'ThreatConnect' }, block));
  }

  async function boot() {
    const source = await fetchText('/integration/templates/threatconnect.hbs');
    const app = Application.create({
      autoboot: false,
      rootElement: '#overlay',
      // Everything is registered explicitly; no globals resolver lookups (deprecated in 3.x).
      Resolver: EmberObject.extend({
        resolve() {
          return undefined;
        }
      })
    });
    app.register('router:main', Router.extend({ location: 'none', rootURL: '/' }));
    app.register(
      'template:application',
      compiler.compile(APPLICATION_TEMPLATE, { moduleName: 'harness/application' })
    );
    app.register(
      'component:integration-block',
      window.polarity.export.extend({
        layout: compiler.compile(source, { moduleName: 'threatconnect/templates/threatconnect.hbs' })
      })
    );
    window.__polarityShim.register(app);

    const instance = await app.visit('/', {});
    const controller = instance.lookup('controller:application');
    let current = [];

    /** Replaces the blocks shown; each gets a fresh component. */
    harness.render = function (blocks) {
      current = blocks.map(toBlock);
      run(function () {
        controller.set('blocks', current);
      });
      return harness.settled();
    };

    /**
     * Destroys and re-creates the components for the same block objects, as Polarity does when an overlay is
     * closed and opened again, to prove UI state lives on block._state rather than in the component.
     */
    harness.recreate = async function () {
      run(function () {
        controller.set('blocks', []);
      });
      await harness.settled();
      run(function () {
        controller.set('blocks', current);
      });
      return harness.settled();
    };

    /** The block.data the component currently holds, e.g. after a Retry replaced it. */
    harness.blockData = function (index) {
      return JSON.parse(JSON.stringify(current[index].get('data')));
    };

    if (new window.URLSearchParams(window.location.search).get('mode') === 'preview') {
      harness.useHttp('/api/message');
      const response = await window.fetch('/api/blocks');
      const blocks = await response.json();
      if (!response.ok) throw new Error('/api/blocks: ' + JSON.stringify(blocks));
      await harness.render(blocks);
    }
    harness.ready = true;
  }

  harness.booted = boot().catch(function (err) {
    harness.errors.push('boot: ' + (err && err.stack ? err.stack : String(err)));
    console.error(err);
  });
})();
