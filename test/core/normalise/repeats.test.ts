import { describe, expect, it } from 'vitest';
import { dropRepeatedParagraphs, findRepeatedParagraphs } from '#core/normalise/repeats.ts';

describe('repeated paragraphs', () => {
  const pullQuote = 'The coalition has cleared most of the old city.';
  const source = `${pullQuote} Engineers expect the work to take months.`;

  it('drops a paragraph whose whole text starts a later paragraph, and says where it repeats', () => {
    const { kept, notes } = dropRepeatedParagraphs(['Opening paragraph of the story here.', pullQuote, 'Middle.', source]);
    expect(kept).toEqual([0, 2, 3]);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.code).toBe('repeated_paragraph_dropped');
    expect(notes[0]!.message).toMatch(/paragraph 2 .* repeats in paragraph 4/);
  });

  it('finds the repeat despite quote, dash, case and whitespace differences', () => {
    const drops = findRepeatedParagraphs(['“Clearance  will take YEARS – not weeks.”', 'He said: "clearance will take years - not weeks." Then he left.']);
    expect(drops).toEqual([{ dropped: 0, keptIn: 1 }]);
  });

  it('keeps the first of two identical paragraphs', () => {
    expect(findRepeatedParagraphs(['Troops returned to the base today.', 'Troops returned to the base today.'])).toEqual([{ dropped: 1, keptIn: 0 }]);
  });

  it('ignores short paragraphs and matches that do not fall on word boundaries', () => {
    expect(findRepeatedParagraphs(['Still.', 'Still, the fall of the city matters.'])).toEqual([]);
    expect(findRepeatedParagraphs(['the road to the north', 'Along the road to the northern gate they marched.'])).toEqual([]);
  });

  it('leaves nothing to drop on a second pass', () => {
    const paragraphs = ['Alpha bravo charlie delta.', 'Alpha bravo charlie delta. Echo.', 'Alpha bravo charlie delta. Echo. Foxtrot golf.'];
    const first = dropRepeatedParagraphs(paragraphs);
    expect(first.kept).toEqual([2]);
    expect(findRepeatedParagraphs(first.kept.map((i) => paragraphs[i]!))).toEqual([]);
  });
});
