import type { PolarityValidateOptions, PolarityValidationError, PolarityOptions } from './types/polarity';
import { parseOptions } from './settings';
import { clientFor } from './context';
import { fetchOwners, rememberOwners, resolveOwnerFilter } from './owners';
import { ownerCacheKey } from './lookup';
import { toTcError, type TcError } from './tc/errors';

/** Flattens validateOptions' `{ key: { value } }` into the shape doLookup receives. */
export function flattenOptions(options: PolarityValidateOptions): PolarityOptions {
  const flat: PolarityOptions = {};
  for (const [key, entry] of Object.entries(options ?? {})) {
    flat[key] = entry && typeof entry === 'object' && 'value' in entry ? entry.value : entry;
  }
  return flat;
}

/** Which option a failed credential check points at. */
function optionAtFault(error: TcError): string {
  const text = error.message.toLowerCase();
  if (error.kind === 'auth' && /access denied/.test(text)) return 'accessId';
  if (error.kind === 'auth' || error.kind === 'permission') return 'apiKey';
  return 'url';
}

export interface OptionsCheck {
  problems: PolarityValidationError[];
  /** Set when ThreatConnect could not be asked or refused the request that proves the options. */
  failure?: TcError;
}

/**
 * Checks the options, then proves them with one signed request: the owner list both shows
 * the credentials work and lets every allowlist/blocklist name be checked against the owners
 * the API user can see.
 */
export async function checkOptions(options: PolarityOptions): Promise<OptionsCheck> {
  const { settings, problems } = parseOptions(options);
  if (!settings) return { problems };
  try {
    const owners = await fetchOwners(clientFor(settings));
    rememberOwners(ownerCacheKey(settings), owners);
    const { unknown } = resolveOwnerFilter(settings.ownerFilter, owners);
    if (unknown.length === 0) return { problems: [] };
    const key = settings.ownerFilter.mode === 'allow' ? 'searchAllowlist' : 'searchBlocklist';
    const visible = owners.map((o) => (o.name.includes(',') ? `"${o.name}"` : o.name)).join(', ');
    const quoting = owners.some((o) => o.name.includes(','))
      ? ' Put names that contain a comma in double quotes.'
      : '';
    const names = unknown.map((n) => `"${n}"`).join(', ');
    return {
      problems: [
        {
          key,
          message: `No owner visible to this API user is named ${names}. Visible owners: ${visible || 'none'}.${quoting}`
        }
      ]
    };
  } catch (err) {
    const failure = toTcError(err);
    return { problems: [{ key: optionAtFault(failure), message: failure.describe() }], failure };
  }
}

/** Polarity's validateOptions: every problem attached to the option at fault. */
export async function validateOptions(options: PolarityValidateOptions): Promise<PolarityValidationError[]> {
  return (await checkOptions(flattenOptions(options))).problems;
}
