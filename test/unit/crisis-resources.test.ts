// The crisis lines data file and the choice of region. The data checks are
// the safety net for the numbers themselves: every required country is
// there with an emergency number, every line has an https source and a check
// date no older than 12 months (so the test fails until someone re-checks),
// and the lines the issue names are exactly as published.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  allLines, chooseRegion, countryCode, coverage, CRISIS_DATA, INTERNATIONAL, localeCountry, regionName, resourcesFor,
  type RegionCandidate,
} from '../../src/domain/crisis.js';
import { daysBetween, isValidDay } from '../../src/domain/time.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const raw = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'domain', 'crisis-resources.json'), 'utf8')) as typeof CRISIS_DATA;

const REQUIRED = ['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'IN', 'DE', 'FR', 'NL', 'ES', 'IT', 'AT', 'CH', 'BE', 'SE', 'DK', 'NO', 'FI', 'PL', 'PT', 'BR', 'MX', 'ZA', 'JP', 'SG'];
/** Today by the real clock: the point is to fail once the data has gone unchecked for a year. */
const TODAY = new Date().toISOString().slice(0, 10);
const text = (code: string) => {
  const r = raw.regions[code]!;
  return [`emergency: ${r.emergency.contact}`, ...r.lines.map((l) => `${l.name}: ${l.contact} · ${l.hours ?? ''}`)].join('\n');
};

describe('crisis-resources.json', () => {
  it('is what the code uses', () => {
    expect(CRISIS_DATA).toEqual(raw);
  });

  it('has every required country, each with a name, an emergency number and at least one line', () => {
    for (const code of REQUIRED) {
      const entry = raw.regions[code];
      expect(entry, code).toBeDefined();
      expect(entry!.name.trim(), code).not.toBe('');
      expect(entry!.emergency.contact, code).toMatch(/^call \d/);
      expect(entry!.lines.length, code).toBeGreaterThan(0);
    }
  });

  it('every line (emergency numbers and the directory too) has an https source and a real check date', () => {
    const lines = allLines();
    expect(lines.length).toBeGreaterThan(REQUIRED.length * 2);
    for (const { where, line } of lines) {
      const url = new URL(line.source);
      expect(url.protocol, `${where}: ${line.source}`).toBe('https:');
      expect(url.hostname, where).toMatch(/\.[a-z]{2,}$/);
      expect(isValidDay(line.lastVerified), `${where}: ${line.lastVerified}`).toBe(true);
      expect(line.contact.trim(), where).not.toBe('');
    }
  });

  it('no line was last checked more than 12 months ago, or in the future (re-check against its source, then update the date)', () => {
    for (const { where, line } of allLines()) {
      const age = daysBetween(line.lastVerified, TODAY);
      expect(age, `${where} lastVerified ${line.lastVerified}`).toBeGreaterThanOrEqual(0);
      expect(age, `${where} was last checked on ${line.lastVerified}, more than 12 months ago: re-check it against ${line.source}`).toBeLessThanOrEqual(365);
    }
  });

  it('lines carry only known fields; peer support is the only kind, and is marked', () => {
    for (const entry of Object.values(raw.regions)) {
      for (const line of entry.lines) {
        for (const key of Object.keys(line)) expect(['name', 'contact', 'hours', 'kind', 'source', 'lastVerified']).toContain(key);
        if (line.kind !== undefined) expect(line.kind).toBe('peer');
      }
    }
  });

  it.each([
    ['US', /988 Suicide & Crisis Lifeline: call or text 988, or chat at 988lifeline\.org · 24\/7/],
    ['US', /Crisis Text Line: text HOME to 741741/],
    ['US', /emergency: call 911/],
    ['CA', /9-8-8 Suicide Crisis Helpline: call or text 988 \(English or French\) · 24\/7/],
    ['CA', /text CONNECT to 686868 · 24\/7/],
    ['CA', /emergency: call 911/],
    ['AU', /Lifeline: call 13 11 14 · 24\/7/],
    ['AU', /emergency: call 000/],
    ['NZ', /call or text 1737/],
    ['NZ', /emergency: call 111/],
    ['IN', /Tele-MANAS: call 14416 or 1-800-891-4416/],
    ['DE', /TelefonSeelsorge: call 0800 111 0 111 or 0800 111 0 222/],
    ['FR', /call 3114/],
    ['NL', /call 113 or 0800-0113/],
    ['GB', /Samaritans: call 116 123/],
    ['GB', /Shout: text SHOUT to 85258/],
    ['GB', /emergency: call 999/],
    ['IE', /Samaritans: call 116 123/],
  ])('%s lists %s', (code, pattern) => {
    expect(text(code)).toMatch(pattern);
  });

  it('Canada no longer gets the US Crisis Text Line short code', () => {
    expect(text('CA')).not.toMatch(/741741|HOME/);
  });

  it('Fireside Project is listed only for the US, as peer support with its hours', () => {
    const fireside = Object.entries(raw.regions).flatMap(([code, r]) => r.lines.filter((l) => l.name.includes('Fireside')).map((l) => ({ code, l })));
    expect(fireside.map((f) => f.code)).toEqual(['US']);
    expect(fireside[0]!.l.kind).toBe('peer');
    expect(fireside[0]!.l.hours).toMatch(/Pacific/);
    expect(fireside[0]!.l.contact).toBe('call or text 62-FIRESIDE, (623) 473-7433');
  });

  it('EU countries without an entry get 112, and none of them is also a covered country', () => {
    expect(raw.euEmergency.emergency.contact).toBe('call 112');
    for (const code of raw.euEmergency.regions) expect(raw.regions[code], code).toBeUndefined();
  });

  it('the international directory is findahelpline.com', () => {
    expect(raw.international.map((l) => l.contact)).toEqual(['findahelpline.com']);
  });
});

describe('region codes and locales', () => {
  it.each([
    ['GB', 'GB'], ['gb', 'GB'], [' us ', 'US'], ['uk', 'GB'], ['UK', 'GB'], ['USA', undefined], ['1', undefined], ['', undefined], ['g b', undefined],
  ])('countryCode(%j) is %s', (input, expected) => {
    expect(countryCode(input)).toBe(expected);
  });

  it.each([
    ['en_GB.UTF-8', 'GB'], ['en_AU.UTF-8', 'AU'], ['de_DE@euro', 'DE'], ['de_AT', 'AT'], ['en-CA', 'CA'], ['fr_CH.utf8', 'CH'],
    ['zh_Hans_SG', 'SG'], ['sr-Latn-RS', 'RS'], ['pt_BR', 'BR'], ['ja_JP.UTF-8', 'JP'], ['es_AR.UTF-8', 'AR'],
    ['C', undefined], ['C.UTF-8', undefined], ['POSIX', undefined], ['en', undefined], ['en_', undefined], ['', undefined], [undefined, undefined],
  ])('localeCountry(%j) is %s', (locale, expected) => {
    expect(localeCountry(locale)).toBe(expected);
  });

  it('coverage: own lines, EU 112 only (and the old value "EU"), or none', () => {
    expect(coverage('AU')).toBe('lines');
    expect(coverage('GR')).toBe('eu-112');
    expect(coverage('EU')).toBe('eu-112');
    expect(coverage('AR')).toBe('none');
    expect(coverage('ZZ')).toBe('none');
  });

  it('regionName: the data file name, the platform name, or the code', () => {
    expect(regionName('GB')).toBe('United Kingdom');
    expect(regionName('GR')).toBe('Greece');
    expect(regionName('AR')).toBe('Argentina');
    expect(regionName('ZZ')).toBe('ZZ');
    expect(regionName('QQ')).toBe('QQ');
  });
});

describe('chooseRegion', () => {
  const flag = (value: string): RegionCandidate => ({ origin: 'flag', value });
  const env = (value: string): RegionCandidate => ({ origin: 'env', value, variable: 'INTEGRATE_REGION' });
  const config = (value: string): RegionCandidate => ({ origin: 'config', value });
  const locale = (value: string): RegionCandidate => ({ origin: 'locale', value, variable: 'LANG' });

  it.each<[string, RegionCandidate[], string | undefined, string | undefined, string[]]>([
    // name, candidates, region, decided by, skipped (origin:code)
    ['locale alone', [locale('en_AU.UTF-8')], 'AU', 'locale', []],
    ['setting beats locale', [config('NZ'), locale('en_AU.UTF-8')], 'NZ', 'config', []],
    ['env beats setting', [env('IE'), config('NZ'), locale('en_AU.UTF-8')], 'IE', 'env', []],
    ['flag beats all', [flag('gb'), env('IE'), config('NZ'), locale('en_AU.UTF-8')], 'GB', 'flag', []],
    ['unknown flag does not beat a valid locale', [flag('ZZ'), locale('en_GB.UTF-8')], 'GB', 'locale', ['flag:ZZ']],
    ['unknown env falls to the setting', [env('AR'), config('DE'), locale('en_US')], 'DE', 'config', ['env:AR']],
    ['unknown setting falls to the locale', [config('AR'), locale('fr_FR.UTF-8')], 'FR', 'locale', ['config:AR']],
    ['garbage is skipped without a country', [flag('usa'), locale('en_US')], 'US', 'locale', ['flag:']],
    ['nothing usable', [config('AR'), locale('es_AR.UTF-8')], undefined, undefined, ['config:AR', 'locale:AR']],
    ['C locale gives nothing', [locale('C.UTF-8')], undefined, undefined, ['locale:']],
    ['EU country with 112 only is a region', [locale('el_GR.UTF-8')], 'GR', 'locale', []],
    ['"international" chooses the directory and stops the locale guess', [config('International'), locale('en_US')], INTERNATIONAL, 'config', []],
    ['"international" from a locale is not a thing', [locale('international')], undefined, undefined, ['locale:']],
    ['empty values are ignored', [flag(''), env('  '), locale('en_IE.UTF-8')], 'IE', 'locale', []],
    ['no candidates', [], undefined, undefined, []],
  ])('%s', (_name, candidates, region, origin, skipped) => {
    const choice = chooseRegion(candidates);
    expect(choice.region).toBe(region);
    expect(choice.from?.origin).toBe(origin);
    expect(choice.skipped.map((s) => `${s.candidate.origin}:${s.code ?? ''}`)).toEqual(skipped);
  });
});

describe('resourcesFor', () => {
  it('a covered country: its emergency number and lines, then the directory', () => {
    const r = resourcesFor('AU');
    expect(r.region).toEqual({ code: 'AU', name: 'Australia' });
    expect(r.emergency?.contact).toBe('call 000');
    expect(r.lines.map((l) => l.name)).toContain('Lifeline');
    expect(r.international[0]!.contact).toBe('findahelpline.com');
  });

  it('an EU country with 112 only: the emergency number, no national lines', () => {
    const r = resourcesFor('CZ');
    expect(r.region).toEqual({ code: 'CZ', name: 'Czechia' });
    expect(r.emergency?.contact).toBe('call 112');
    expect(r.lines).toEqual([]);
  });

  it('international, nothing, or an uncovered code: only the directory', () => {
    for (const region of [INTERNATIONAL, undefined, 'AR']) {
      const r = resourcesFor(region);
      expect(r.region).toBeUndefined();
      expect(r.emergency).toBeUndefined();
      expect(r.lines).toEqual([]);
      expect(r.international[0]!.contact).toBe('findahelpline.com');
    }
  });
});
