// Crisis resources by country, from one data file where every line carries
// the page it was checked against and the day it was checked. This module
// decides which country's lines to show and why; it prints nothing.
import resources from './crisis-resources.json' with { type: 'json' };

export interface Line {
  name: string;
  contact: string;
  /** When the line answers, if known ("24/7", "every day 10:00 to 24:00"). */
  hours?: string;
  /** 'peer': peer support, not a crisis or emergency service. */
  kind?: 'peer';
  source: string;
  lastVerified: string;
}

export interface Emergency {
  contact: string;
  source: string;
  lastVerified: string;
}

export interface RegionEntry {
  name: string;
  emergency: Emergency;
  lines: Line[];
}

export interface CrisisData {
  note: string;
  regions: Record<string, RegionEntry>;
  euEmergency: { note: string; regions: string[]; emergency: Emergency };
  international: Line[];
}

export const CRISIS_DATA = resources as CrisisData;

/** The value that asks for the international directory only, never a guess from the locale. */
export const INTERNATIONAL = 'international';

/** Where a region came from, strongest first. */
export type RegionOrigin = 'flag' | 'env' | 'config' | 'locale';

export interface RegionCandidate {
  origin: RegionOrigin;
  /** What was given: a code ("gb"), "international", or a locale ("en_GB.UTF-8"). */
  value: string;
  /** The environment variable it came from (INTEGRATE_REGION, LC_ALL, LANG), if any. */
  variable?: string;
}

export interface RegionChoice {
  /** A covered country, an EU country with 112 only, INTERNATIONAL, or undefined (nothing usable). */
  region?: string;
  /** The candidate that decided it. */
  from?: RegionCandidate;
  /** Candidates passed over because integrate has nothing for them (code: the country they named, if any). */
  skipped: { candidate: RegionCandidate; code?: string }[];
}

// Built on first use: most runs never name a country.
let regionNames: Intl.DisplayNames | undefined;

/** The English name of a country code: the data file's name, else the platform's, else the code itself. */
export function regionName(code: string): string {
  if (code === INTERNATIONAL) return 'international directory only';
  const entry = Object.hasOwn(CRISIS_DATA.regions, code) ? CRISIS_DATA.regions[code] : undefined;
  if (entry) return entry.name;
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const name = regionNames.of(code);
    return name && name !== 'Unknown Region' ? name : code;
  } catch {
    return code;
  }
}

/** Codes with their own lines, sorted. */
export function coveredRegions(): string[] {
  return Object.keys(CRISIS_DATA.regions).sort();
}

/** EU countries without their own entry, for which only 112 is known. */
export function euEmergencyRegions(): string[] {
  return [...CRISIS_DATA.euEmergency.regions].sort();
}

/** A two-letter code as written by a person: trimmed, upper-case, UK meaning GB. Undefined when it is not two letters. */
export function countryCode(raw: string): string | undefined {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  return code === 'UK' ? 'GB' : code;
}

/** What integrate knows for a code: its own lines, only the EU 112, or nothing. */
export function coverage(code: string): 'lines' | 'eu-112' | 'none' {
  if (Object.hasOwn(CRISIS_DATA.regions, code)) return 'lines';
  // "EU" was accepted by earlier versions as a region; it still means "somewhere in the EU".
  if (code === 'EU' || CRISIS_DATA.euEmergency.regions.includes(code)) return 'eu-112';
  return 'none';
}

/**
 * The country in a POSIX or BCP 47 locale: en_GB.UTF-8, de_DE@euro, en-CA,
 * zh_Hans_SG, sr-Latn-RS. Undefined for C, POSIX and language-only locales.
 */
export function localeCountry(locale: string | undefined): string | undefined {
  const match = /^[A-Za-z]{2,3}(?:[_-][A-Za-z]{4})?[_-]([A-Za-z]{2})(?=$|[.@_-])/.exec((locale ?? '').trim());
  return match ? countryCode(match[1]!) : undefined;
}

/** A usable region for one candidate, or undefined (with the country it named, if any). */
function usable(candidate: RegionCandidate): { region?: string; code?: string } {
  if (candidate.origin !== 'locale' && candidate.value.trim().toLowerCase() === INTERNATIONAL) return { region: INTERNATIONAL };
  const code = candidate.origin === 'locale' ? localeCountry(candidate.value) : countryCode(candidate.value);
  if (!code) return {};
  return coverage(code) === 'none' ? { code } : { region: code, code };
}

/**
 * The first candidate integrate has something for, in the order given
 * (--region, INTEGRATE_REGION, the region setting, the locale). A value it
 * has nothing for is skipped, so an unknown explicit region never beats a
 * usable locale; empty values are ignored.
 */
export function chooseRegion(candidates: readonly RegionCandidate[]): RegionChoice {
  const skipped: RegionChoice['skipped'] = [];
  for (const candidate of candidates) {
    if (!candidate.value.trim()) continue;
    const { region, code } = usable(candidate);
    if (region) return { region, from: candidate, skipped };
    skipped.push(code ? { candidate, code } : { candidate });
  }
  return { skipped };
}

export interface Resources {
  /** The country shown, when there is one (not for INTERNATIONAL or nothing). */
  region?: { code: string; name: string };
  emergency?: Emergency;
  lines: Line[];
  international: Line[];
}

/** The lines for a chosen region; the international directory is always there. */
export function resourcesFor(region: string | undefined): Resources {
  const international = CRISIS_DATA.international;
  if (!region || region === INTERNATIONAL) return { lines: [], international };
  if (coverage(region) === 'lines') {
    const entry = CRISIS_DATA.regions[region]!;
    return { region: { code: region, name: entry.name }, emergency: entry.emergency, lines: entry.lines, international };
  }
  if (coverage(region) === 'eu-112') {
    return { region: { code: region, name: regionName(region) }, emergency: CRISIS_DATA.euEmergency.emergency, lines: [], international };
  }
  return { lines: [], international };
}

/** Every line in the data file with where it sits, for checks and listings. */
export function allLines(): { where: string; line: Line | Emergency }[] {
  return [
    ...Object.entries(CRISIS_DATA.regions).flatMap(([code, entry]) => [
      { where: `${code} emergency`, line: entry.emergency },
      ...entry.lines.map((line) => ({ where: `${code} ${line.name}`, line })),
    ]),
    { where: 'EU 112', line: CRISIS_DATA.euEmergency.emergency },
    ...CRISIS_DATA.international.map((line) => ({ where: `international ${line.name}`, line })),
  ];
}
