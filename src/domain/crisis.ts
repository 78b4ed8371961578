// Crisis resources by region, from one data file with a verification date.
import resources from '../data/crisis-resources.json' with { type: 'json' };

export interface Resource {
  name: string;
  contact: string;
  source: string;
}

export const CRISIS_DATA = resources as {
  lastVerified: string;
  regions: Record<string, Resource[]>;
  international: Resource[];
  peerSupport: Resource[];
};

const EU_COUNTRIES = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IT', 'LV', 'LT', 'LU', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

/** Region code from an explicit choice or a locale such as en_GB.UTF-8; undefined when unknown. */
export function regionFrom(explicit: string | undefined, locale: string | undefined): string | undefined {
  const pick = (code: string | undefined) => {
    if (!code) return undefined;
    const upper = code.toUpperCase();
    if (upper === 'UK') return 'GB';
    if (CRISIS_DATA.regions[upper]) return upper;
    if (EU_COUNTRIES.has(upper)) return 'EU';
    return undefined;
  };
  if (explicit) return pick(explicit.trim());
  const match = /^[a-z]{2,3}[_-]([A-Za-z]{2})/.exec(locale ?? '');
  return pick(match?.[1]);
}

/** Resources to show: the region's lines (if known), then always the international directory, then peer support. */
export function resourcesFor(region: string | undefined): { regional: Resource[]; international: Resource[]; peerSupport: Resource[] } {
  return {
    regional: region ? (CRISIS_DATA.regions[region] ?? []) : [],
    international: CRISIS_DATA.international,
    peerSupport: CRISIS_DATA.peerSupport,
  };
}
