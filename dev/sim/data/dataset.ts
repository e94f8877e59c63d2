import {
  Attribute,
  DnsResolution,
  GeoLocation,
  Group,
  GroupType,
  IndicatorRecord,
  IndicatorType,
  INDICATOR_TYPES,
  Owner,
  OwnerType,
  PDF_EXPORTABLE_GROUP_TYPES,
  SecurityLabel,
  summaryOf,
  Tag,
  ThreatAssess,
  WhoisRecord
} from './model';
import { renderGroupPdf } from './pdf';

/** Dates written when a spec gives none; fixed so that a dataset built twice is identical. */
const DEFAULT_DATE = '2024-01-02T03:04:05Z';

export interface IndicatorSpec {
  ownerName: string;
  type: IndicatorType;
  /**
   * The indicator value (ip, email address, host name, URL text). For a File it may instead be one hash or a
   * `MD5 : SHA1 : SHA256` summary; the hash kind is told by its length.
   */
  value?: string;
  md5?: string;
  sha1?: string;
  sha256?: string;
  size?: number;
  id?: number;
  rating?: number;
  confidence?: number;
  description?: string;
  source?: string;
  active?: boolean;
  activeLocked?: boolean;
  privateFlag?: boolean;
  dnsActive?: boolean;
  whoisActive?: boolean;
  dateAdded?: string;
  lastModified?: string;
  tags?: string[];
  /** Names of labels in `Dataset.securityLabels`. */
  securityLabels?: string[];
  threatAssess?: Partial<ThreatAssess>;
  observations?: number;
  lastObserved?: string;
  falsePositives?: number;
  lastFalsePositive?: string;
  dnsResolutions?: DnsResolution[];
  whois?: WhoisRecord;
  geoLocation?: GeoLocation;
  /** Extra (non-default) attributes; the description becomes the default Description attribute. */
  attributes?: { type: string; value: string }[];
}

export interface GroupSpec {
  ownerName: string;
  type: GroupType;
  name: string;
  id?: number;
  dateAdded?: string;
  createdBy?: string;
}

const HASH_KIND_BY_LENGTH: Record<number, 'md5' | 'sha1' | 'sha256'> = {
  32: 'md5',
  40: 'sha1',
  64: 'sha256'
};

/**
 * The simulator's live store. Routes read and write it on every request, so tests may inspect or change it
 * while a simulator runs.
 */
export class Dataset {
  readonly owners: Owner[] = [];
  readonly groups: Group[] = [];
  /** Kept sorted by id: search results page in id order. */
  readonly indicators: IndicatorRecord[] = [];
  readonly securityLabels: SecurityLabel[] = [];

  private readonly byId = new Map<number, IndicatorRecord>();
  private readonly groupsById = new Map<number, Group>();
  private readonly tags = new Map<string, Tag>();
  private nextIndicatorId = 10001;
  private nextGroupId = 20001;
  private nextTagId = 301;
  private nextAttributeId = 40001;

  addOwner(owner: { id?: number; name: string; type: OwnerType }): Owner {
    if (this.getOwner(owner.name)) throw new Error(`owner ${JSON.stringify(owner.name)} already exists`);
    const id = owner.id ?? Math.max(0, ...this.owners.map((o) => o.id)) + 1;
    const created: Owner = { id, name: owner.name, type: owner.type };
    this.owners.push(created);
    return created;
  }

  getOwner(nameOrId: string | number): Owner | undefined {
    return this.owners.find((o) => (typeof nameOrId === 'number' ? o.id === nameOrId : o.name === nameOrId));
  }

  addSecurityLabel(label: Omit<SecurityLabel, 'id'> & { id?: number }): SecurityLabel {
    const id = label.id ?? this.securityLabels.length + 1;
    const created: SecurityLabel = { ...label, id };
    this.securityLabels.push(created);
    return created;
  }

  /** The owner's tag of that name, created on first use, as TC does when a tag is applied. */
  tag(ownerName: string, name: string, usedAt: string = DEFAULT_DATE, description?: string): Tag {
    const key = `${ownerName}\u0000${name}`;
    let tag = this.tags.get(key);
    if (!tag) {
      tag = { id: this.nextTagId++, ownerName, name, lastUsed: usedAt };
      if (description !== undefined) tag.description = description;
      this.tags.set(key, tag);
    } else if (usedAt > tag.lastUsed) {
      tag.lastUsed = usedAt;
    }
    return tag;
  }

  addIndicator(spec: IndicatorSpec): IndicatorRecord {
    if (!this.getOwner(spec.ownerName)) throw new Error(`unknown owner ${JSON.stringify(spec.ownerName)}`);
    if (!INDICATOR_TYPES.includes(spec.type)) throw new Error(`unknown indicator type ${spec.type}`);
    const id = spec.id ?? this.nextIndicatorId;
    if (this.byId.has(id)) throw new Error(`indicator id ${id} already exists`);
    this.nextIndicatorId = Math.max(this.nextIndicatorId, id + 1);

    const dateAdded = spec.dateAdded ?? DEFAULT_DATE;
    const record: IndicatorRecord = {
      id,
      ownerName: spec.ownerName,
      type: spec.type,
      dateAdded,
      lastModified: spec.lastModified ?? dateAdded,
      privateFlag: spec.privateFlag ?? false,
      active: spec.active ?? true,
      activeLocked: spec.activeLocked ?? false,
      threatAssess: {
        score: 0,
        rating: spec.rating ?? 0,
        confidence: spec.confidence ?? 0,
        scoreObserved: 0,
        scoreFalsePositive: 0,
        calScore: 0,
        ...spec.threatAssess
      },
      tags: (spec.tags ?? []).map((name) => this.tag(spec.ownerName, name, dateAdded)),
      securityLabels: (spec.securityLabels ?? []).map((name) => this.securityLabel(name)),
      attributes: [],
      groupIds: [],
      indicatorIds: [],
      observations: spec.observations ?? 0,
      falsePositives: spec.falsePositives ?? 0,
      falsePositiveReports: {},
      dnsResolutions: spec.dnsResolutions ?? []
    };
    this.setValue(record, spec);
    copyDefined(record, spec, [
      'size',
      'rating',
      'confidence',
      'description',
      'source',
      'lastObserved',
      'lastFalsePositive',
      'whois',
      'geoLocation'
    ]);
    if (record.type === 'Host') {
      record.dnsActive = spec.dnsActive ?? false;
      record.whoisActive = spec.whoisActive ?? false;
    }
    if (record.description !== undefined)
      record.attributes.push(this.attribute('Description', record.description, dateAdded, true));
    if (record.source !== undefined)
      record.attributes.push(this.attribute('Source', record.source, dateAdded, true));
    for (const extra of spec.attributes ?? [])
      record.attributes.push(this.attribute(extra.type, extra.value, dateAdded, false));

    this.byId.set(id, record);
    const at = this.indicators.findIndex((other) => other.id > id);
    this.indicators.splice(at === -1 ? this.indicators.length : at, 0, record);
    return record;
  }

  getIndicator(id: number): IndicatorRecord | undefined {
    return this.byId.get(id);
  }

  /**
   * Every record, in any owner, whose summary is `value`. File hashes compare case-insensitively and a single
   * hash finds the multi-hash file holding it, because that is how a hash lookup is meant to behave.
   */
  findBySummary(value: string, ownerName?: string): IndicatorRecord[] {
    const lower = value.toLowerCase();
    return this.indicators.filter((record) => {
      if (ownerName !== undefined && record.ownerName !== ownerName) return false;
      if (record.type === 'File') {
        return (
          summaryOf(record).toLowerCase() === lower ||
          [record.md5, record.sha1, record.sha256].some(
            (hash) => hash !== undefined && hash.toLowerCase() === lower
          )
        );
      }
      return record.value === value;
    });
  }

  addGroup(spec: GroupSpec): Group {
    if (!this.getOwner(spec.ownerName)) throw new Error(`unknown owner ${JSON.stringify(spec.ownerName)}`);
    const id = spec.id ?? this.nextGroupId;
    if (this.groupsById.has(id)) throw new Error(`group id ${id} already exists`);
    this.nextGroupId = Math.max(this.nextGroupId, id + 1);
    const dateAdded = spec.dateAdded ?? DEFAULT_DATE;
    const group: Group = {
      id,
      ownerName: spec.ownerName,
      type: spec.type,
      name: spec.name,
      dateAdded,
      lastModified: dateAdded,
      createdBy: spec.createdBy ?? 'demo.analyst',
      upVoteCount: 0,
      downVoteCount: 0
    };
    if (PDF_EXPORTABLE_GROUP_TYPES.has(group.type)) group.pdf = renderGroupPdf(group);
    this.groups.push(group);
    this.groupsById.set(id, group);
    return group;
  }

  getGroup(id: number): Group | undefined {
    return this.groupsById.get(id);
  }

  /** Associates an indicator with a group; TC only associates items of the same owner. */
  associateGroup(indicatorId: number, groupId: number): void {
    const indicator = this.requireIndicator(indicatorId);
    const group = this.getGroup(groupId);
    if (!group) throw new Error(`unknown group ${groupId}`);
    if (group.ownerName !== indicator.ownerName) throw new Error('indicator and group must share an owner');
    if (!indicator.groupIds.includes(groupId)) indicator.groupIds.push(groupId);
  }

  associateIndicators(aId: number, bId: number): void {
    const a = this.requireIndicator(aId);
    const b = this.requireIndicator(bId);
    if (a.ownerName !== b.ownerName) throw new Error('associated indicators must share an owner');
    if (!a.indicatorIds.includes(bId)) a.indicatorIds.push(bId);
    if (!b.indicatorIds.includes(aId)) b.indicatorIds.push(aId);
  }

  private requireIndicator(id: number): IndicatorRecord {
    const record = this.getIndicator(id);
    if (!record) throw new Error(`unknown indicator ${id}`);
    return record;
  }

  private securityLabel(name: string): SecurityLabel {
    const label = this.securityLabels.find((l) => l.name === name);
    if (!label) throw new Error(`unknown security label ${JSON.stringify(name)}`);
    return label;
  }

  private attribute(type: string, value: string, date: string, isDefault: boolean): Attribute {
    return {
      id: this.nextAttributeId++,
      type,
      value,
      dateAdded: date,
      lastModified: date,
      pinned: isDefault,
      default: isDefault
    };
  }

  private setValue(record: IndicatorRecord, spec: IndicatorSpec): void {
    if (record.type !== 'File') {
      if (!spec.value) throw new Error(`${spec.type} indicator needs a value`);
      record.value = spec.value;
      return;
    }
    const hashes: Partial<Record<'md5' | 'sha1' | 'sha256', string>> = {};
    for (const part of spec.value ? spec.value.split(' : ') : []) {
      const kind = HASH_KIND_BY_LENGTH[part.trim().length];
      if (!kind) throw new Error(`not a hash: ${JSON.stringify(part)}`);
      hashes[kind] = part.trim();
    }
    for (const kind of ['md5', 'sha1', 'sha256'] as const) {
      const hash = spec[kind] ?? hashes[kind];
      // TC stores and shows hashes upper case (reference §2.0 "File hashes").
      if (hash) record[kind] = hash.toUpperCase();
    }
    if (!record.md5 && !record.sha1 && !record.sha256)
      throw new Error('File indicator needs at least one hash');
  }
}

function copyDefined<T extends object, K extends keyof T & keyof S, S extends object>(
  target: T,
  source: S,
  keys: K[]
): void {
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) (target as Record<K, unknown>)[key] = value;
  }
}
