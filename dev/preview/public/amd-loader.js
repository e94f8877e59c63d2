/*
 * A global AMD loader, loaded before ember.debug.js. Ember and its template compiler use a global define/require
 * when one exists; otherwise each keeps a private registry and the compiler cannot find Ember's modules
 * ("compile is not a function"). It also lets the harness require('@ember/...') before anything touches the
 * deprecated `Ember` global, so its deprecation handler is in place first.
 */
(function () {
  'use strict';
  const registry = Object.create(null);
  const seen = Object.create(null);

  function requireModule(name, referrer) {
    let id = name;
    if (!registry[id] && registry[id + '/index']) id = id + '/index';
    if (id in seen) return seen[id];
    const mod = registry[id];
    if (!mod) throw new Error('Could not find module ' + name + (referrer ? ' required by ' + referrer : ''));
    const exports = (seen[id] = {});
    const args = mod.deps.map(function (dep) {
      if (dep === 'exports') return exports;
      if (dep === 'require') return requireFn;
      return requireModule(dep, id);
    });
    mod.callback.apply(undefined, args);
    return exports;
  }

  function requireFn(name) {
    return requireModule(name, null);
  }
  requireFn.default = requireFn;
  requireFn.has = function (name) {
    return Boolean(registry[name] || registry[name + '/index']);
  };
  requireFn.entries = requireFn._eak_seen = registry;

  window.define = function (name, deps, callback) {
    registry[name] = { deps: deps, callback: callback };
  };
  window.require = requireFn;
})();
