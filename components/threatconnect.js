// @ts-check
'use strict';

/**
 * @typedef {import('./threatconnect').TcDetails} TcDetails
 * @typedef {import('./threatconnect').OrganizationView} OrganizationView
 * @typedef {import('./threatconnect').ActionPayload} ActionPayload
 * @typedef {import('./threatconnect').LazyField} LazyField
 * @typedef {import('./threatconnect').TabId} TabId
 * @typedef {import('./threatconnect').TabView} TabView
 * @typedef {import('./threatconnect').Skull} Skull
 * @typedef {import('./threatconnect').LabelView} LabelView
 * @typedef {import('./threatconnect').OrgState} OrgState
 * @typedef {import('./threatconnect').FieldState} FieldState
 * @typedef {import('./threatconnect').BlockState} BlockState
 * @typedef {import('./threatconnect').GroupRow} GroupRow
 */

/** Must equal DETAILS_SCHEMA_VERSION in lib/types/details.ts; anything else was cached by another version. */
const SCHEMA_VERSION = 1;
const PAGE_SIZE = 10;
const FLASH_TIMEOUT_MS = 3000;
const UNEXPECTED_REPLY = 'the integration sent an unexpected reply';
/** Where nginx on the Polarity web server routes report downloads to the proxy (`npm run nginx-conf`). */
const DOWNLOAD_PATH = '/_int/threatconnect/download/';
/** The only token shape the proxy issues (64 random bytes, hex); nothing else is put into a download URL. */
const TOKEN_PATTERN = /^[0-9a-f]{128}$/;

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isRecord(value) {
  return typeof value === 'object' && value !== null;
}

/**
 * Polarity rejects with the onMessage error (usually `{ detail }`, sometimes `{ errors: [{ detail }] }`), a string,
 * or an Error; business errors arrive as `{ error: { detail } }` and are thrown as that inner object.
 * @param {unknown} err
 * @returns {string}
 */
function errorDetail(err) {
  if (typeof err === 'string' && err) return err;
  if (isRecord(err)) {
    if (typeof err.detail === 'string' && err.detail) return err.detail;
    if (Array.isArray(err.errors) && isRecord(err.errors[0]) && typeof err.errors[0].detail === 'string') {
      return err.errors[0].detail;
    }
    if (typeof err.message === 'string' && err.message) return err.message;
  }
  return 'unknown error';
}

/**
 * @param {unknown} details
 * @returns {details is TcDetails}
 */
function isCurrentShape(details) {
  return (
    isRecord(details) && details.schemaVersion === SCHEMA_VERSION && Array.isArray(details.organizations)
  );
}

/**
 * Enough of a check that a reply cannot crash the template or swap in another indicator's state.
 * @param {unknown} org
 * @param {number | null} indicatorId the indicator the reply must be about, or null for any
 * @returns {org is OrganizationView}
 */
function isOrganization(org, indicatorId) {
  return (
    isRecord(org) &&
    typeof org.indicatorId === 'number' &&
    (indicatorId === null || org.indicatorId === indicatorId) &&
    isRecord(org.owner) &&
    Array.isArray(org.tags) &&
    Array.isArray(org.securityLabels) &&
    Array.isArray(org.attributes)
  );
}

/**
 * @param {unknown} id
 * @returns {id is number}
 */
function isGroupId(id) {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
}

/**
 * Hands a report URL to the browser's download manager without leaving the Polarity page. A same-origin link
 * with `download` is saved whatever the answer is: the PDF under the proxy's Content-Disposition name, and an
 * expired token's 404 or TC's refusal (502) as a failed download in the browser's list. window.location.assign
 * would replace Polarity with that error page instead, and a hidden iframe would show nothing at all, since the
 * proxy forbids framing (X-Frame-Options: DENY).
 * @param {string} url
 */
function startDownload(url) {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.hidden = true;
  // Firefox ignores click() on a link that is not in the document.
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
  }
}

/**
 * @param {OrganizationView} org
 * @returns {number}
 */
function sliderValue(org) {
  return typeof org.confidence === 'number' ? org.confidence : 0;
}

/**
 * Up to two decimals, without trailing zeros, so 3.5 stays "3.5" and 3.666… becomes "3.67".
 * @param {number} value
 */
function formatNumber(value) {
  return String(Math.round(value * 100) / 100);
}

/**
 * TC returns colours as hex without "#"; anything else is ignored rather than passed into a style attribute.
 * @param {string | null} color
 * @returns {string | null}
 */
function safeColor(color) {
  if (typeof color !== 'string') return null;
  const match = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(color.trim());
  if (!match) return null;
  const hex = match[1].length === 3 ? match[1].replace(/./g, '$&$&') : match[1];
  return '#' + hex.toLowerCase();
}

/**
 * Black or white text, whichever reads better on the label's colour (WCAG relative luminance, simplified).
 * @param {string} hex "#rrggbb"
 */
function textColorOn(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 ? '#000' : '#fff';
}

/**
 * TC repeats associations and DNS resolutions (one row per observation); analysts want each once.
 * DNS rows are merged by value keeping the latest date; the others by id or, failing that, by content.
 * @param {LazyField} field
 * @param {unknown[]} items
 * @returns {Record<string, any>[]}
 */
function dedupe(field, items) {
  /** @type {Map<string, Record<string, any>>} */
  const byKey = new Map();
  for (const item of items) {
    if (!isRecord(item)) continue;
    let key;
    if (field === 'dnsResolution') key = String(item.value).toLowerCase();
    else if (typeof item.id === 'number') key = 'id:' + item.id;
    else key = JSON.stringify(item);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, item);
    else if (field === 'dnsResolution' && String(item.dateOccurred || '') > String(seen.dateOccurred || '')) {
      byKey.set(key, item);
    }
  }
  return Array.from(byKey.values());
}

/** @type {Ember.ObjectClass<FieldState>} */
const FieldStateClass = Ember.Object.extend({
  count: Ember.computed(
    'items.[]',
    /** @this {FieldState} */ function () {
      return this.items.length;
    }
  ),
  paged: Ember.computed(
    'count',
    /** @this {FieldState} */ function () {
      return this.count > PAGE_SIZE;
    }
  ),
  pageItems: Ember.computed(
    'items.[]',
    'page',
    /** @this {FieldState} */ function () {
      return this.items.slice(this.page * PAGE_SIZE, (this.page + 1) * PAGE_SIZE);
    }
  ),
  hasPrev: Ember.computed(
    'page',
    /** @this {FieldState} */ function () {
      return this.page > 0;
    }
  ),
  hasNext: Ember.computed(
    'page',
    'count',
    /** @this {FieldState} */ function () {
      return (this.page + 1) * PAGE_SIZE < this.count;
    }
  ),
  rangeText: Ember.computed(
    'page',
    'count',
    /** @this {FieldState} */ function () {
      const first = this.page * PAGE_SIZE + 1;
      const last = Math.min(this.count, (this.page + 1) * PAGE_SIZE);
      return `${first}–${last} of ${this.count}`;
    }
  )
});

/**
 * @param {LazyField} field
 * @returns {any} a FieldState of the item type the caller declares
 */
function newFieldState(field) {
  return FieldStateClass.create({ field, loading: false, loaded: false, error: null, items: [], page: 0 });
}

/** @type {Ember.ObjectClass<OrgState>} */
const OrgStateClass = Ember.Object.extend({
  skulls: Ember.computed(
    'org.rating',
    'pendingRating',
    /** @this {OrgState} */ function () {
      const shown = this.pendingRating !== null ? this.pendingRating : this.org.rating || 0;
      // Whole and half skulls: an icon cannot show 3.2, but 3.5 must look like neither 3 nor 4.
      const halves = Math.round(shown * 2);
      return [1, 2, 3, 4, 5].map(
        /** @returns {Skull} */ (value) => ({
          value,
          full: halves >= value * 2,
          half: halves === value * 2 - 1,
          label: `Set rating to ${value}`
        })
      );
    }
  ),
  ratingText: Ember.computed(
    'org.{rating,ratingLabel}',
    /** @this {OrgState} */ function () {
      const { rating, ratingLabel } = this.org;
      return rating ? `${formatNumber(rating)} – ${ratingLabel}` : ratingLabel;
    }
  ),
  confidenceText: Ember.computed(
    'org.{confidence,confidenceLabel}',
    'confidenceDraft',
    /** @this {OrgState} */ function () {
      const { confidence, confidenceLabel } = this.org;
      // While the analyst drags (or the write is in flight) the server's label describes the old value.
      if (String(this.confidenceDraft) !== String(sliderValue(this.org))) return String(this.confidenceDraft);
      return confidence === null ? confidenceLabel : `${confidence} – ${confidenceLabel}`;
    }
  ),
  labels: Ember.computed(
    'org.securityLabels.[]',
    /** @this {OrgState} */ function () {
      return this.org.securityLabels.map(
        /** @returns {LabelView} */ (label) => {
          const color = safeColor(label.color);
          return {
            name: label.name,
            description: label.description,
            style: color
              ? Ember.String.htmlSafe(`background-color: ${color}; color: ${textColorOn(color)}`)
              : null
          };
        }
      );
    }
  ),
  /** TC also returns the description as a Description attribute; show it once. */
  attributes: Ember.computed(
    'org.{attributes.[],description}',
    /** @this {OrgState} */ function () {
      const { attributes, description } = this.org;
      return attributes.filter((a) => !(a.type === 'Description' && a.value === description));
    }
  ),
  hasScore: Ember.computed(
    'org.threatAssessScore',
    /** @this {OrgState} */ function () {
      return typeof this.org.threatAssessScore === 'number';
    }
  ),
  scoreStyle: Ember.computed(
    'org.threatAssessScore',
    /** @this {OrgState} */ function () {
      const score = Number(this.org.threatAssessScore) || 0;
      const percent = Math.max(0, Math.min(100, score / 10));
      return Ember.String.htmlSafe(`width: ${percent}%`);
    }
  ),
  associationsLoading: Ember.computed(
    'groups.loading',
    'indicators.loading',
    /** @this {OrgState} */ function () {
      return this.groups.loading || this.indicators.loading;
    }
  ),
  groupRows: Ember.computed(
    'groups.pageItems.[]',
    'downloadingGroups.[]',
    'reportProxyEnabled',
    /** @this {OrgState} */ function () {
      return this.groups.pageItems.map(
        /** @returns {GroupRow} */ (group) => ({
          id: group.id,
          group,
          downloadable: this.reportProxyEnabled && group.pdfExportable === true && isGroupId(group.id),
          downloading: this.downloadingGroups.includes(group.id)
        })
      );
    }
  ),
  tabs: Ember.computed(
    'tab',
    'indicatorType',
    'groups.{loaded,loading,count}',
    'indicators.{loaded,loading,count}',
    'dns.{loaded,loading,count}',
    'whois.{loaded,loading,count}',
    /** @this {OrgState} */ function () {
      /**
       * @param {TabId} id
       * @param {string} label
       * @param {FieldState[]} fields the lists whose total is the tab's count
       * @returns {TabView}
       */
      const tab = (id, label, fields) => ({
        id,
        label,
        active: this.tab === id,
        loading: fields.some((f) => f.loading),
        hasCount: fields.length > 0 && fields.every((f) => f.loaded),
        count: fields.reduce((sum, f) => sum + f.count, 0)
      });
      const tabs = [
        tab('info', 'Info', []),
        tab('associations', 'Associations', [this.groups, this.indicators])
      ];
      // TC keeps DNS resolutions for hosts and addresses, and WHOIS only for hosts.
      if (this.indicatorType === 'Host' || this.indicatorType === 'Address')
        tabs.push(tab('dns', 'DNS', [this.dns]));
      if (this.indicatorType === 'Host') tabs.push(tab('whois', 'WHOIS', [this.whois]));
      return tabs;
    }
  )
});

/**
 * @param {OrganizationView} org
 * @param {TcDetails} details
 * @returns {OrgState}
 */
function newOrgState(org, details) {
  return OrgStateClass.create({
    key: org.indicatorId,
    org,
    indicatorType: details.indicatorType,
    reportProxyEnabled: details.reportProxyEnabled === true,
    tab: 'info',
    newTag: '',
    pendingRating: null,
    confidenceDraft: sliderValue(org),
    ratingBusy: false,
    confidenceBusy: false,
    tagsBusy: false,
    removingTag: null,
    falsePositiveBusy: false,
    downloadingGroups: [],
    groups: newFieldState('associatedGroups'),
    indicators: newFieldState('associatedIndicators'),
    dns: newFieldState('dnsResolution'),
    whois: newFieldState('whois')
  });
}

polarity.export = PolarityComponent.extend({
  /** The details when they have the shape this component knows, else null (see isOldShape). */
  details: Ember.computed(
    'block.data.details',
    /** @this {PolarityComponentInstance} */ function () {
      const details = this.get('block.data.details');
      return isCurrentShape(details) ? details : null;
    }
  ),

  /** Details cached by an older integration version can reach a newer component; never render them. */
  isOldShape: Ember.computed(
    'block.data.details',
    /** @this {PolarityComponentInstance} */ function () {
      const details = this.get('block.data.details');
      return details !== null && details !== undefined && !isCurrentShape(details);
    }
  ),

  /** The platform gives no time zone; dates are shown in the analyst's own. */
  timezone: Ember.computed(function () {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }),

  retrying: false,

  /**
   * One state per organization, reused from block._state while the details object is the same one, so a
   * re-created component keeps tabs, loaded lists and drafts; new details (onDetails, retry) start afresh.
   */
  orgStates: Ember.computed(
    'details',
    /** @this {PolarityComponentInstance} */ function () {
      const details = /** @type {TcDetails | null} */ (this.get('details'));
      const store = this.block._state;
      if (!details || !store) return [];
      if (store.source !== details) {
        store.source = details;
        store.orgs = {};
      }
      /** @type {OrgState[]} */
      const states = [];
      for (const org of details.organizations) {
        if (!isOrganization(org, null)) continue;
        const key = String(org.indicatorId);
        if (!store.orgs[key]) store.orgs[key] = newOrgState(org, details);
        if (!states.includes(store.orgs[key])) states.push(store.orgs[key]);
      }
      return states;
    }
  ),

  init() {
    this._super(...arguments);
    if (!this.block._state) this.set('block._state', { source: null, orgs: {} });
  },

  /**
   * sendIntegrationMessage, with a business error reply (`{ error: { detail } }`) turned into a rejection.
   * @param {ActionPayload} payload
   * @returns {Promise<Record<string, any>>}
   */
  request(payload) {
    // then() is attached synchronously: a promise adopted later (Promise.resolve) lets an RSVP promise that
    // rejects at once be reported to Ember.onerror as unhandled before anything handles it.
    const sent = new Promise((resolve, reject) => {
      this.sendIntegrationMessage(payload).then(resolve, reject);
    });
    return sent.then((reply) => {
      if (!isRecord(reply)) throw new Error(UNEXPECTED_REPLY);
      if (isRecord(reply.error)) throw reply.error;
      return reply;
    });
  },

  /** @param {unknown} err */
  flashError(err) {
    this.flashMessages.add({
      message: 'ThreatConnect: ' + errorDetail(err),
      type: 'unv-danger',
      icon: 'exclamation-circle',
      timeout: FLASH_TIMEOUT_MS
    });
  },

  /**
   * One write to one area of one organization. The reply is the organization as TC now holds it and replaces
   * what is shown; on failure the area falls back to the organization it still holds, i.e. the previous value.
   * @param {OrgState} state
   * @param {Partial<OrgState>} busy set while the write is in flight
   * @param {() => Partial<OrgState>} idle set when it ends, either way
   * @param {ActionPayload} payload
   * @returns {Promise<Record<string, any> | null>} the reply, or null when it failed (already flashed)
   */
  write(state, busy, idle, payload) {
    state.setProperties(busy);
    return this.request(payload)
      .then((reply) => {
        if (!isOrganization(reply.organization, state.key)) throw new Error(UNEXPECTED_REPLY);
        state.set('org', reply.organization);
        if (!state.confidenceBusy) state.set('confidenceDraft', sliderValue(reply.organization));
        return reply;
      })
      .catch((err) => {
        this.flashError(err);
        return null;
      })
      .finally(() => state.setProperties(idle()));
  },

  /** @returns {boolean} */
  canEdit() {
    return Boolean(this.get('details.editingEnabled'));
  },

  /**
   * @param {OrgState} state
   * @param {FieldState} fieldState
   */
  loadField(state, fieldState) {
    if (fieldState.loading) return;
    fieldState.setProperties({ loading: true, error: null });
    this.request({ action: 'GET_FIELD', indicatorId: state.key, field: fieldState.field })
      .then((reply) => {
        if (reply.field !== fieldState.field || !Array.isArray(reply.items))
          throw new Error(UNEXPECTED_REPLY);
        fieldState.setProperties({ items: dedupe(fieldState.field, reply.items), loaded: true, page: 0 });
      })
      .catch((err) => fieldState.set('error', errorDetail(err)))
      .finally(() => fieldState.set('loading', false));
  },

  /** @param {OrgState} state */
  submitTag(state) {
    const tag = String(state.newTag || '').trim();
    if (!this.canEdit() || state.tagsBusy || !tag) return;
    this.write(state, { tagsBusy: true }, () => ({ tagsBusy: false }), {
      action: 'ADD_TAG',
      indicatorId: state.key,
      tag
    }).then((reply) => {
      // Kept on failure so the analyst can correct and resend it.
      if (reply) state.set('newTag', '');
    });
  },

  actions: {
    /**
     * Lists load the first time their tab opens; after a failure the tab's own Retry loads them again.
     * @param {OrgState} state
     * @param {TabId} tab
     */
    openTab(state, tab) {
      state.set('tab', tab);
      /** @type {Record<TabId, FieldState[]>} */
      const fieldsByTab = {
        info: [],
        associations: [state.groups, state.indicators],
        dns: [state.dns],
        whois: [state.whois]
      };
      for (const fieldState of fieldsByTab[tab]) {
        if (!fieldState.loaded && !fieldState.loading && !fieldState.error) this.loadField(state, fieldState);
      }
    },

    /**
     * @param {OrgState} state
     * @param {FieldState} fieldState
     */
    retryField(state, fieldState) {
      this.loadField(state, fieldState);
    },

    /** @param {FieldState} fieldState */
    prevPage(fieldState) {
      if (fieldState.hasPrev) fieldState.set('page', fieldState.page - 1);
    },

    /** @param {FieldState} fieldState */
    nextPage(fieldState) {
      if (fieldState.hasNext) fieldState.set('page', fieldState.page + 1);
    },

    /**
     * @param {OrgState} state
     * @param {number} rating 1–5, or 0 to clear
     */
    setRating(state, rating) {
      if (!this.canEdit() || state.ratingBusy) return;
      this.write(
        state,
        { ratingBusy: true, pendingRating: rating },
        () => ({ ratingBusy: false, pendingRating: null }),
        { action: 'SET_RATING', indicatorId: state.key, rating }
      );
    },

    /**
     * Keeps the dragged value in state so that restoring the old one is a change Ember renders.
     * @param {OrgState} state
     * @param {Event} event
     */
    confidenceInput(state, event) {
      state.set('confidenceDraft', /** @type {HTMLInputElement} */ (event.target).value);
    },

    /**
     * @param {OrgState} state
     * @param {Event} event the range input's change, i.e. the drag ended
     */
    setConfidence(state, event) {
      if (!this.canEdit() || state.confidenceBusy) return;
      const confidence = /** @type {HTMLInputElement} */ (event.target).value;
      this.write(
        state,
        { confidenceBusy: true, confidenceDraft: confidence },
        () => ({ confidenceBusy: false, confidenceDraft: sliderValue(state.org) }),
        { action: 'SET_CONFIDENCE', indicatorId: state.key, confidence }
      );
    },

    /**
     * @param {OrgState} state
     * @param {Event} event
     */
    tagInput(state, event) {
      state.set('newTag', /** @type {HTMLInputElement} */ (event.target).value);
    },

    /**
     * @param {OrgState} state
     * @param {KeyboardEvent} event
     */
    tagKeydown(state, event) {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      this.submitTag(state);
    },

    /** @param {OrgState} state */
    addTag(state) {
      this.submitTag(state);
    },

    /**
     * @param {OrgState} state
     * @param {string} tag
     */
    removeTag(state, tag) {
      if (!this.canEdit() || state.tagsBusy) return;
      this.write(
        state,
        { tagsBusy: true, removingTag: tag },
        () => ({ tagsBusy: false, removingTag: null }),
        { action: 'REMOVE_TAG', indicatorId: state.key, tag }
      );
    },

    /** @param {OrgState} state */
    reportFalsePositive(state) {
      if (!this.canEdit() || state.falsePositiveBusy) return;
      this.write(state, { falsePositiveBusy: true }, () => ({ falsePositiveBusy: false }), {
        action: 'REPORT_FALSE_POSITIVE',
        indicatorId: state.key
      }).then((reply) => {
        if (!reply) return;
        const again = isRecord(reply.falsePositive) && reply.falsePositive.alreadyReportedToday === true;
        this.flashMessages.add({
          message: again
            ? 'ThreatConnect: you already reported this indicator as a false positive today'
            : 'ThreatConnect: false positive reported',
          type: again ? 'unv-info' : 'unv-success',
          icon: again ? 'info-circle' : 'check-circle',
          timeout: FLASH_TIMEOUT_MS
        });
      });
    },

    /**
     * Asks the integration for a one-time token for the group's PDF and downloads it from the Polarity web
     * server's own origin, where nginx passes the path to the report proxy. Only this group's button waits.
     * @param {OrgState} state
     * @param {GroupRow} row
     */
    downloadReport(state, row) {
      const groupId = row.id;
      if (!row.downloadable || state.downloadingGroups.includes(groupId)) return;
      state.set('downloadingGroups', state.downloadingGroups.concat(groupId));
      this.request({ action: 'GET_DOWNLOAD_TOKEN', groupId })
        .then((reply) => {
          if (typeof reply.token !== 'string' || !TOKEN_PATTERN.test(reply.token))
            throw new Error(UNEXPECTED_REPLY);
          startDownload(window.location.origin + DOWNLOAD_PATH + reply.token);
        })
        .catch((err) => this.flashError(err))
        .finally(() =>
          state.set(
            'downloadingGroups',
            state.downloadingGroups.filter((id) => id !== groupId)
          )
        );
    },

    retryLookup() {
      if (this.retrying) return;
      this.set('retrying', true);
      this.request({ action: 'RETRY_LOOKUP', entity: this.block.entity })
        .then((reply) => {
          if (!('data' in reply)) throw new Error(UNEXPECTED_REPLY);
          this.set('block.data', reply.data);
        })
        .catch((err) => this.flashError(err))
        .finally(() => {
          if (!this.isDestroyed && !this.isDestroying) this.set('retrying', false);
        });
    }
  }
});
