// The user's settings: a small JSON file in the config folder (or
// $INTEGRATE_CONFIG). Every key is validated; unknown keys or bad values are
// one clear error that lists what is allowed.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, DataError } from './errors.js';
import { writeFileAtomic } from './files.js';
import { countryCode, coverage, coveredRegions, INTERNATIONAL, regionName } from './domain/crisis.js';
import { DEFAULT_FOLLOW_UP_DAYS, DEFAULT_REST_HOURS, parseFollowUpDays } from './domain/followups.js';

export interface Config {
  region?: string;
  editor?: string;
  defaultPack?: string;
  checkinReminderDays: number;
  cadence: Record<string, number>;
  weekStart: 'monday' | 'sunday';
  dateFormat: DateFormat;
  /** Days after a session at which follow-ups open, e.g. "0,7,30". */
  followUps: string;
  postSessionRestHours: number;
}

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

interface KeySpec {
  describe: string;
  example: string;
  parse(raw: string): string | number;
  /** Only for `config set`: throws UsageError to refuse a parsed value, or returns a note to show. */
  check?(value: string | number): string | undefined;
}

const positiveDays = (key: string) => (raw: string) => {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > 365) throw new UsageError(`${key} must be a whole number of days from 1 to 365; got "${raw}".`);
  return Number(raw);
};

/** Every fixed setting; `cadence.<instrument>` keys (see cadenceSpec) cover any assessment pack, built-in or your own. */
export const CONFIG_KEYS: Record<string, KeySpec> = {
  region: {
    describe: 'country for crisis lines, e.g. AU, GB, DE, or "international" (default: from your locale; integrate crisis --list)',
    example: 'GB',
    // Reading stays lenient (a code this version has no lines for is warned about where the lines are shown);
    // `config set` refuses it through check() below.
    parse: (raw) => {
      if (raw.trim().toLowerCase() === INTERNATIONAL) return INTERNATIONAL;
      const code = countryCode(raw);
      if (!code) throw new UsageError(`region must be a two-letter country code such as US, GB or DE, or "international"; got "${raw}".`);
      return code;
    },
    check: (value) => {
      const code = String(value);
      if (code === INTERNATIONAL) return 'integrate crisis will show only the international directory, findahelpline.com.';
      if (coverage(code) === 'eu-112') return `integrate has only the EU emergency number 112 for ${regionName(code)}; findahelpline.com lists its crisis lines.`;
      if (coverage(code) === 'none') {
        const name = regionName(code);
        throw new UsageError(`No crisis lines for ${name === code ? code : `${name} (${code})`} in integrate yet. Covered: ${coveredRegions().join(', ')} (integrate crisis --list); or set region to "international" for findahelpline.com only.`);
      }
      return undefined;
    },
  },
  editor: { describe: 'editor for long answers and integrate edit (before $VISUAL/$EDITOR)', example: 'nano', parse: (raw) => nonEmpty('editor', raw) },
  defaultPack: { describe: 'the pack integrate journal uses when no session calls for post-session', example: 'daily', parse: (raw) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(raw.trim())) throw new UsageError(`defaultPack must be a pack id such as daily or weekly; got "${raw}".`);
    return raw.trim();
  } },
  checkinReminderDays: { describe: 'days away before checkin/journal say "welcome back" (default 3)', example: '3', parse: positiveDays('checkinReminderDays') },
  followUps: {
    describe: 'days after a session when a follow-up reflection opens: 0 = post-session, 7 = a week, 30 = a month (default 0,7,30)',
    example: '0,7,30',
    parse: (raw) => {
      const parsed = parseFollowUpDays(raw);
      if ('problem' in parsed) throw new UsageError(`followUps must be days after a session separated by commas, e.g. 0,7,30; ${parsed.problem} (got "${raw}").`);
      return parsed.days.join(',');
    },
  },
  postSessionRestHours: {
    describe: 'hours after a session start before the post-session reflection is suggested (default 6)',
    example: '6',
    parse: (raw) => {
      if (!/^\d{1,2}$/.test(raw.trim()) || Number(raw) > 48) throw new UsageError(`postSessionRestHours must be a whole number of hours from 0 to 48; got "${raw}".`);
      return Number(raw);
    },
  },
  weekStart: { describe: 'first day of the week in weekly views: monday or sunday (default monday)', example: 'sunday', parse: (raw) => {
    const v = raw.trim().toLowerCase();
    if (v !== 'monday' && v !== 'sunday') throw new UsageError(`weekStart must be monday or sunday; got "${raw}".`);
    return v;
  } },
  dateFormat: { describe: `how dates are shown in lists: ${DATE_FORMATS.join(', ')} (default YYYY-MM-DD)`, example: 'DD.MM.YYYY', parse: (raw) => {
    const v = raw.trim().toUpperCase();
    if (!(DATE_FORMATS as readonly string[]).includes(v)) throw new UsageError(`dateFormat must be one of ${DATE_FORMATS.join(', ')}; got "${raw}".`);
    return v;
  } },
};

function nonEmpty(key: string, raw: string): string {
  if (raw.trim() === '') throw new UsageError(`${key} needs a value.`);
  return raw.trim();
}

export const DEFAULT_CONFIG: Config = {
  checkinReminderDays: 3, cadence: {}, weekStart: 'monday', dateFormat: 'YYYY-MM-DD',
  followUps: DEFAULT_FOLLOW_UP_DAYS.join(','), postSessionRestHours: DEFAULT_REST_HOURS,
};

export const CADENCE_PREFIX = 'cadence.';
const CADENCE_KEY = /^cadence\.([a-z0-9][a-z0-9-]*)$/;

/** The questionnaire a `cadence.<id>` key is about, or undefined for any other key. */
export function cadenceInstrument(key: string): string | undefined {
  return CADENCE_KEY.exec(key)?.[1];
}

/** `cadence.<id>`: days between that questionnaire's reminders; its default comes from the pack's cadenceDays. */
function cadenceSpec(key: string): KeySpec {
  return { describe: `days between ${key.slice(CADENCE_PREFIX.length)} reminders`, example: '14', parse: positiveDays(key) };
}

/** Every key in the order `config list` shows them: the fixed ones, with a cadence key per installed instrument. */
export function settingKeys(instrumentIds: readonly string[]): string[] {
  return Object.keys(CONFIG_KEYS).flatMap((key) => (key === 'checkinReminderDays' ? [key, ...instrumentIds.map((id) => `${CADENCE_PREFIX}${id}`)] : [key]));
}

/**
 * The spec of a setting; own keys only, so "toString" or "__proto__" are unknown settings, not Object's.
 * A cadence key is accepted for any pack id: a file naming a pack that was since removed still reads.
 */
export function specOf(key: string): KeySpec | undefined {
  if (Object.hasOwn(CONFIG_KEYS, key)) return CONFIG_KEYS[key];
  return cadenceInstrument(key) === undefined ? undefined : cadenceSpec(key);
}

export function knownKey(key: string): KeySpec {
  const spec = specOf(key);
  if (!spec) {
    throw new UsageError(`There is no setting "${key}". Valid keys: ${Object.keys(CONFIG_KEYS).join(', ')}, and cadence.ID for a questionnaire (integrate config list shows them).`);
  }
  return spec;
}

/** The stored flat key/value map (what the file holds). */
export function readConfigFile(file: string): Record<string, string | number> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new DataError(`Cannot read the config file ${file} (${(err as NodeJS.ErrnoException).code}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new DataError(`The config file ${file} is not valid JSON. Fix it, or remove it to start again (integrate config path shows where it is).`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new DataError(`The config file ${file} must hold a JSON object.`);
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const spec = specOf(key);
    if (!spec) throw new DataError(`The config file ${file} has an unknown key "${key}". Valid keys: ${Object.keys(CONFIG_KEYS).join(', ')}, and cadence.ID for a questionnaire.`);
    try {
      values[key] = spec.parse(String(value));
    } catch (err) {
      throw new DataError(`The config file ${file}: ${(err as Error).message}`);
    }
  }
  return values;
}

/** `database`: the database in force, which the settings file must never replace. */
export function writeConfigFile(file: string, values: Record<string, string | number>, database?: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sorted = Object.fromEntries(Object.keys(values).sort().map((k) => [k, values[k]]));
  writeFileAtomic(file, `${JSON.stringify(sorted, null, 2)}\n`, database);
}

/** The effective settings: defaults overlaid with the file's values. */
export function toConfig(values: Record<string, string | number>): Config {
  const config: Config = { ...DEFAULT_CONFIG, cadence: {} };
  for (const [key, value] of Object.entries(values)) {
    const instrument = cadenceInstrument(key);
    if (instrument !== undefined) config.cadence[instrument] = value as number;
    else (config as unknown as Record<string, unknown>)[key] = value;
  }
  return config;
}
