// The anchors that let a short text skip a safety rule must be sound: every
// match of the rule contains one of them. Checked on small expressions by hand
// and on every rule against the whole corpus (and windows of it).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requiredLiterals } from '../../src/domain/regex-anchors.js';
import { safetyRules } from '../../src/domain/safety-text.js';

describe('requiredLiterals', () => {
  it.each([
    ['want to die', ['want to die']],
    ['(?:want|wish) to die', [' to die']],
    ['(?:want|wish) (?:to )?die', ['want', 'wish']],
    ['(?<![a-z])(?:kill|end) myself(?![a-z])', [' myself']],
    ['su+i?[cs]+i?d[a-z]*', ['su']],
    ['cuts? myself', [' myself']],
    ['a|b c', ['a', 'b c']],
    ['(?:x)?y', ['y']],
    ['[a-z]+', null],
    ['(?:a|[0-9])', null],
    ['not(?= *$| *[.,;])', ['not']],
    ['a\\|b', ['a|b']],
  ] as const)('%s → %j', (source, expected) => {
    expect(requiredLiterals(source)).toEqual(expected);
  });

  it('refuses what it cannot read rather than guess', () => {
    expect(() => requiredLiterals('a)b')).toThrow(/unsupported/);
  });
});

describe('every safety rule', () => {
  const dir = path.join(import.meta.dirname, '..', 'fixtures', 'safety-corpus');
  const texts = fs.readdirSync(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((l) => (JSON.parse(l) as { text: string }).text.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').replace(/ +/g, ' '));

  it('has anchors, and each match found in the corpus contains one', () => {
    let checked = 0;
    for (const rule of safetyRules()) {
      expect(rule.anchors, rule.family).not.toBeNull();
      for (const text of texts) {
        const re = new RegExp(rule.re.source, 'g');
        for (const m of text.matchAll(re)) {
          expect(rule.anchors!.some((a) => m[0].includes(a)), `${rule.family}: "${m[0]}"`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
