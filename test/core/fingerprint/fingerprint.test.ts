import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintInput, fingerprintOf } from '#core/fingerprint.ts';
import { normalise } from '#core/normalise/normalise.ts';
import { parseArticle } from '#core/parse/index.ts';
import { readReferenceArticle } from '../../support/shared.ts';

const fingerprintOfRaw = (raw: string | Uint8Array) => fingerprintOf(normalise(parseArticle(raw, { contentType: 'text/plain' })));

/** Cosmetic rewrites of a text-format article: none of them changes what it says. */
const cosmeticVariant = fc.record({
  spaces: fc.array(fc.constantFrom(' ', '  ', '\t', '\u00A0', ' \t '), { minLength: 1, maxLength: 8 }),
  blankLines: fc.constantFrom('\n\n', '\n \n', '\n\n\n', '\n\t\n\n'),
  doubleQuotes: fc.constantFrom('keep', 'straight'),
  singleQuotes: fc.constantFrom('keep', 'straight'),
  dash: fc.constantFrom('–', '—', '-', '‐'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  upperHeadline: fc.boolean(),
  trailingSpaces: fc.boolean(),
});

type CosmeticVariant = typeof cosmeticVariant extends fc.Arbitrary<infer T> ? T : never;

function applyVariant(text: string, v: CosmeticVariant): string {
  let spaceIndex = 0;
  let out = text
    .split('\n\n')
    .map((block) => block.replace(/ /g, () => v.spaces[spaceIndex++ % v.spaces.length]!))
    .map((block, i) => (i === 1 && v.upperHeadline ? block.toUpperCase() : block))
    .map((block) => (v.trailingSpaces ? `${block}  ` : block))
    .join(v.blankLines);
  if (v.doubleQuotes === 'straight') out = out.replace(/[“”]/g, '"');
  if (v.singleQuotes === 'straight') out = out.replace(/[‘’]/g, "'");
  out = out.replace(/–/g, v.dash);
  if (v.crlf) out = out.replace(/\n/g, '\r\n');
  return v.bom ? `\uFEFF${out}` : out;
}

describe('fingerprint', () => {
  const reference = readReferenceArticle();
  const referenceFingerprint = fingerprintOfRaw(reference);

  it('is SHA-256 hex of the folded text', () => {
    expect(referenceFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintInput({ headline: '‘A’ – B', standfirst: '“C”', paragraphs: ['D\r\n E'] })).toBe("'a'-b 'c' d e");
  });

  it('is the same for bytes and for the decoded string', () => {
    expect(fingerprintOfRaw(Buffer.from(reference, 'utf8'))).toBe(referenceFingerprint);
  });

  it('does not change under whitespace, quote, dash, case, CRLF or BOM changes of the reference article', () => {
    fc.assert(
      fc.property(cosmeticVariant, (variant) => {
        expect(fingerprintOfRaw(applyVariant(reference, variant))).toBe(referenceFingerprint);
      }),
      { numRuns: 200 },
    );
  });

  it('changes when any word of the reference article changes', () => {
    const blocks = reference.split('\n\n');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: blocks.length - 1 }), fc.nat(), (blockIndex, wordSeed) => {
        const words = blocks[blockIndex]!.split(' ');
        const at = wordSeed % words.length;
        words[at] = `${words[at]}x`;
        const changed = blocks.map((b, i) => (i === blockIndex ? words.join(' ') : b)).join('\n\n');
        expect(fingerprintOfRaw(changed)).not.toBe(referenceFingerprint);
      }),
      { numRuns: 200 },
    );
  });

  it('folds paragraph layout too: the same words split differently are the same text', () => {
    expect(fingerprintOf({ headline: 'H', paragraphs: ['One two.', 'Three.'] })).toBe(fingerprintOf({ headline: 'H', paragraphs: ['One two. Three.'] }));
  });

  it('is stable for generated texts under generated cosmetic noise', () => {
    const word = fc.stringMatching(/^[A-Za-z]{1,8}$/);
    const noise = fc.constantFrom(' ', '  ', '\t', '\r\n', '\u00A0', '\n');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), fc.array(noise, { minLength: 1 }), (words, gaps) => {
        const plain = words.join(' ');
        const noisy = `\uFEFF${words.map((w, i) => `${i % 3 === 0 ? w.toUpperCase() : w}${gaps[i % gaps.length]}`).join('')}`;
        expect(fingerprintOf({ headline: 'Same', paragraphs: [noisy] })).toBe(fingerprintOf({ headline: 'same', paragraphs: [plain] }));
      }),
    );
  });
});
