/*
 * A stand-in for the parts of the Polarity web client an overlay component uses: the PolarityComponent base
 * class (sendIntegrationMessage, flashMessages), look-alike helpers and an fa-icon component. Everything the
 * component does is recorded on window.__harness for the browser tests and the preview page.
 *
 * The helpers imitate the ember-truth-helpers / ember-composable-helpers / ember-moment addons Polarity ships;
 * those have no browser-global build, so these are approximations and may differ in edge cases.
 */
(function () {
  'use strict';
  const req = window.require;
  const debug = req('@ember/debug');
  const Component = req('@ember/component').default;
  const { helper } = req('@ember/component/helper');
  const { computed } = req('@ember/object');
  const { isArray } = req('@ember/array');
  const RSVP = req('rsvp');
  const runloop = req('@ember/runloop');

  /** @returns {unknown} a JSON copy, so what the page keeps cannot be changed afterwards by the component. */
  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  function describe(err) {
    if (err instanceof Error) return err.stack || err.message;
    try {
      return typeof err === 'string' ? err : JSON.stringify(err);
    } catch {
      return String(err);
    }
  }

  const harness = {
    /** Every payload passed to sendIntegrationMessage, in order. */
    calls: [],
    /** Every flashMessages.add() argument, in order. */
    flashes: [],
    /** Uncaught errors, Ember.onerror, unhandled rejections, and replies the test forgot to script. */
    errors: [],
    /** Ember warn() calls, e.g. an unsafe style binding. */
    warnings: [],
    /** Deprecation id → count; counted instead of logged so the console stays clean. */
    deprecations: {},
    /** Scripted replies per action: a list of specs used in order, the last one repeating. */
    replies: {},
    /** Calls parked by a { hold: true } spec until the test calls release(). */
    pending: [],
    /** Replies being produced by an asynchronous handler (Node bridge, HTTP); settled() waits for them. */
    inflight: 0,
    handler: null,

    reset() {
      harness.calls.length = 0;
      harness.flashes.length = 0;
      harness.errors.length = 0;
      harness.warnings.length = 0;
      harness.pending.length = 0;
      harness.deprecations = {};
      harness.replies = {};
      harness.handler = scriptedReply;
      document.getElementById('flashes').textContent = '';
    },

    /**
     * Scripts replies for an action. A spec is { resolve: reply } | { reject: error } | { rejectError: message }
     * | { hold: true }; several specs are used in order and the last one repeats.
     */
    reply(action, ...specs) {
      harness.replies[action] = specs;
    },

    /** Settles the index-th held call with a spec. */
    release(index, spec) {
      const held = harness.pending[index];
      if (!held || held.done) throw new Error('No held call #' + index);
      held.done = true;
      settleWith(spec, held.resolve, held.reject);
    },

    /** Routes sendIntegrationMessage through window[name], a function that returns { ok, reply | error }. */
    useBridge(name) {
      harness.handler = function (payload) {
        return counted(window[name](payload).then(unwrapEnvelope));
      };
    },

    /** Routes sendIntegrationMessage to the preview server's JSON endpoint. */
    useHttp(url) {
      harness.handler = function (payload) {
        const request = window
          .fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload)
          })
          .then(function (response) {
            return response.json();
          })
          .then(unwrapEnvelope);
        return counted(request);
      };
    },

    /** Resolves once Ember's run loop is idle, no timer is scheduled and no reply is being produced. */
    settled() {
      return new Promise(function (resolve, reject) {
        let stable = 0;
        let rounds = 0;
        (function poll() {
          rounds += 1;
          if (rounds > 2000) {
            reject(new Error('harness: the page did not settle'));
            return;
          }
          const backburner = runloop._backburner;
          const busy = backburner.currentInstance || backburner.hasTimers() || harness.inflight > 0;
          stable = busy ? 0 : stable + 1;
          if (stable >= 3) window.requestAnimationFrame(() => resolve());
          else setTimeout(poll, busy ? 5 : 0);
        })();
      });
    }
  };
  window.__harness = harness;

  function unwrapEnvelope(envelope) {
    if (envelope && envelope.ok) return envelope.reply;
    return RSVP.reject(envelope ? envelope.error : 'no reply');
  }

  function counted(promise) {
    harness.inflight += 1;
    return RSVP.resolve(promise).finally(function () {
      harness.inflight -= 1;
    });
  }

  function settleWith(spec, resolve, reject) {
    if ('resolve' in spec) resolve(copy(spec.resolve));
    else if ('reject' in spec) reject(copy(spec.reject));
    else if ('rejectError' in spec) reject(new Error(spec.rejectError));
    else throw new Error('harness: bad reply spec ' + JSON.stringify(spec));
  }

  function scriptedReply(payload) {
    return new RSVP.Promise(function (resolve, reject) {
      const specs = harness.replies[payload.action];
      if (!specs || specs.length === 0) {
        const message = 'harness: no reply scripted for ' + payload.action;
        harness.errors.push(message);
        reject(new Error(message));
        return;
      }
      const spec = specs.length > 1 ? specs.shift() : specs[0];
      if (spec.hold)
        harness.pending.push({ payload: payload, resolve: resolve, reject: reject, done: false });
      else settleWith(spec, resolve, reject);
    });
  }
  harness.handler = scriptedReply;

  // ---- error, warning and deprecation capture ----

  debug.registerDeprecationHandler(function (message, options) {
    const id = (options && options.id) || message;
    harness.deprecations[id] = (harness.deprecations[id] || 0) + 1;
  });
  debug.registerWarnHandler(function (message, options) {
    harness.warnings.push(((options && options.id) || 'warning') + ': ' + message);
  });
  req('ember').default.onerror = function (err) {
    harness.errors.push(describe(err));
    console.error(err);
  };
  window.addEventListener('error', function (event) {
    harness.errors.push(describe(event.error || event.message));
  });
  window.addEventListener('unhandledrejection', function (event) {
    harness.errors.push('Unhandled rejection: ' + describe(event.reason));
  });

  // ---- Polarity web client stand-ins ----

  const flashMessages = {
    add(message) {
      harness.flashes.push(copy(message));
      const item = document.createElement('div');
      item.className = 'harness-flash harness-flash-' + message.type;
      item.textContent = message.message;
      document.getElementById('flashes').appendChild(item);
      setTimeout(function () {
        item.remove();
      }, message.timeout || 3000);
    }
  };

  function sendIntegrationMessage(payload) {
    harness.calls.push(copy(payload));
    return harness.handler(copy(payload));
  }

  /** Sends a message as the component would, e.g. one a tampered page could craft. */
  harness.send = sendIntegrationMessage;

  window.polarity = {};
  window.PolarityComponent = Component.extend({
    flashMessages: flashMessages,
    sendIntegrationMessage: sendIntegrationMessage
  });

  // ---- look-alike helpers ----

  /** ember-truth-helpers' truthiness: empty arrays are false, an isTruthy property wins. */
  function truthy(value) {
    if (value && typeof value === 'object' && 'isTruthy' in value) return Boolean(value.isTruthy);
    if (isArray(value)) return value.length !== 0;
    return Boolean(value);
  }

  const TIME_TOKENS = /YYYY|MM|DD|HH|mm|ss|z/g;

  /** ember-moment's moment-format for the tokens the integration uses; "Invalid date" like moment. */
  function momentFormat(params, named) {
    const value = params[0];
    const format = params[1] || 'YYYY-MM-DDTHH:mm:ssZ';
    const date = value instanceof Date ? value : new Date(value === null ? NaN : value);
    if (value === undefined || isNaN(date.getTime())) return 'Invalid date';
    const parts = {};
    new Intl.DateTimeFormat('en-US', {
      timeZone: named.timeZone || undefined,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short'
    })
      .formatToParts(date)
      .forEach(function (part) {
        parts[part.type] = part.value;
      });
    const byToken = {
      YYYY: parts.year,
      MM: parts.month,
      DD: parts.day,
      HH: parts.hour,
      mm: parts.minute,
      ss: parts.second,
      z: parts.timeZoneName
    };
    return format.replace(TIME_TOKENS, function (token) {
      return byToken[token];
    });
  }

  const helpers = {
    eq: (p) => p[0] === p[1],
    'not-eq': (p) => p[0] !== p[1],
    not: (p) => p.every((v) => !truthy(v)),
    and: (p) => {
      for (const v of p) if (!truthy(v)) return v;
      return p[p.length - 1];
    },
    or: (p) => {
      for (const v of p) if (truthy(v)) return v;
      return p[p.length - 1];
    },
    gt: (p) => p[0] > p[1],
    gte: (p) => p[0] >= p[1],
    lt: (p) => p[0] < p[1],
    lte: (p) => p[0] <= p[1],
    repeat: (p) => Array.from({ length: Number(p[0]) || 0 }, () => p[1]),
    inc: (p) => (p.length > 1 ? Number(p[1]) + Number(p[0]) : Number(p[0]) + 1),
    dec: (p) => (p.length > 1 ? Number(p[1]) - Number(p[0]) : Number(p[0]) - 1),
    'moment-format': momentFormat
  };

  /** Polarity ships Font Awesome Pro; map the Pro-only names its integrations use to free ones. */
  const PRO_TO_FREE = {
    'spinner-third': 'spinner',
    'external-link': 'external-link-alt',
    shield: 'shield-alt'
  };

  const FaIcon = Component.extend({
    tagName: 'i',
    classNames: ['fas'],
    classNameBindings: ['iconClass', 'spin:fa-spin', 'fixedWidth:fa-fw'],
    attributeBindings: ['iconName:data-icon', 'ariaHidden:aria-hidden'],
    ariaHidden: 'true',
    iconName: computed('icon', 'positionalIcon', function () {
      const name = this.icon || this.positionalIcon || '';
      return PRO_TO_FREE[name] || name;
    }),
    iconClass: computed('iconName', function () {
      return 'fa-' + this.iconName;
    })
  });
  FaIcon.reopenClass({ positionalParams: ['positionalIcon'] });

  window.__polarityShim = {
    register(app) {
      Object.keys(helpers).forEach(function (name) {
        const fn = helpers[name];
        app.register(
          'helper:' + name,
          helper(function (params, named) {
            return fn(params, named);
          })
        );
      });
      app.register('component:fa-icon', FaIcon);
    }
  };
})();
