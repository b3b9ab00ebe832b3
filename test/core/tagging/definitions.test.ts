/**
 * The tagger reads the article's own definitions: an acronym the text spells
 * out binds to that long form everywhere in the article; a person whose name
 * has namesakes needs a cue of their role; a place inside a longer capitalised
 * name takes the longer name's sense; and nothing a wrong match would imply
 * is tagged. (The adversarial set has whole articles of each kind.)
 */
import { describe, expect, it } from 'vitest';
import { createTagger } from '#core/tagging/tagger.ts';
import { allIds } from './helpers.ts';

describe('acronyms defined in the text', () => {
  it.each([
    ['ACR, or long form', 'The ISF, or Internal Security Forces, arrested three men in Beirut. The ISF said more would follow.'],
    ['ACR (long form) with an unknown long form', 'ISF (Internal Security Forces) officers arrested three men in Beirut, and the ISF said more would follow.'],
    ['long form (ACR) whose owner word differs from the known name', "Lebanon's Internal Security Forces (ISF) arrested three men. The ISF said so."],
    ['long form, known as ACR', 'Statisticians use a probability mass function, known as PMF, for counts. The PMF sums to one.'],
    ['ACR, short for long form', 'Fonts are drawn from an SDF, short for signed distance field. Each SDF texel stores a distance.'],
  ])('bind to the long form when it is not our concept: %s', (_kind, text) => {
    expect(allIds(text)).not.toEqual(expect.arrayContaining(['isf']));
    expect(allIds(text).filter((id) => ['isf', 'pmf', 'sdf', 'jsdf', 'iraq', 'syria'].includes(id))).toEqual([]);
  });

  it('bind to our concept when the linked long form is its name, and still read a slip in a generic word as it', () => {
    expect(allIds('The SDF, short for Syrian Democratic Forces, guards the prison. SDF officials agreed.')).toContain('sdf');
    expect(allIds('The Syrian Defense Forces (SDF) said the SDF would stay.')).toContain('sdf');
  });
});

describe('people whose names have namesakes', () => {
  it('are not tagged without a cue of their role, and neither is anything they would imply', () => {
    const tags = createTagger().tag({ headline: 'Cup tie', paragraphs: ['Ryan Dillon scored twice as Harrogate won 3-1. "I kept running," Dillon said.'] });
    expect(tags).toEqual([]);
  });

  it('are tagged with a title before the name, a role word, or an affiliation found as a concept', () => {
    expect(allIds('Col. Ryan Dillon arrived.')).toContain('ryan-dillon');
    expect(allIds('Ryan Dillon, the spokesman, arrived.')).toContain('ryan-dillon');
    expect(allIds('Ryan Dillon spoke for CJTF-OIR on Monday.')).toContain('ryan-dillon');
  });

  it('carry their bare surname once the full name was settled by its cue', () => {
    const tags = createTagger().tag({ headline: 'Briefing', paragraphs: ['Ryan Dillon, the coalition spokesman, spoke.', 'Dillon said the dam was safe.'] });
    expect(tags.find((t) => t.id === 'ryan-dillon')?.mentions).toBe(2);
  });
});

describe('places inside a longer capitalised name', () => {
  it.each([
    ['a capitalised word before it', 'Traders in the Little Syria district of Manhattan remembered the old streets.', ['syria']],
    ['a sentence-opening noun before it', 'Cafe Kabul celebrated twenty years in Hamburg.', ['kabul', 'afghanistan']],
    ['a namesake word after it', 'Shoppers filled the Kirkuk Bazaar in the Turkish city of Izmir.', ['kirkuk', 'iraq']],
    ['a namesake phrase before it', 'Ships waited in the Gulf of Oman.', ['oman']],
  ])('take the longer name’s sense, and imply nothing: %s', (_kind, text, absent) => {
    const ids = allIds(text);
    for (const id of absent) expect(ids).not.toContain(id);
  });

  it('stay the place after qualifiers, openers and in facilities named after it', () => {
    expect(allIds('Fighting spread across Northern Syria.')).toContain('syria');
    expect(allIds('Across Syria, prices rose.')).toContain('syria');
    expect(allIds('Leaving Mosul, the convoy turned west.')).toContain('mosul');
    expect(allIds('Engineers inspected the Mosul Dam.')).toContain('mosul');
    expect(allIds('Shops reopened in the Baghdad Gate district of Raqqa.')).toEqual(expect.arrayContaining(['raqqa', 'syria']));
    expect(allIds('Shops reopened in the Baghdad Gate district of Raqqa.')).not.toContain('iraq');
  });

  it('read a title-case headline by what the body made of the same words', () => {
    const tags = createTagger().tag({ headline: 'Little Syria Remembered', paragraphs: ['A show recalls Little Syria, a Manhattan neighbourhood.'] });
    expect(tags.map((t) => t.id)).not.toContain('syria');
    const real = createTagger().tag({ headline: 'Aid Reaches Northern Syria', paragraphs: ['Convoys crossed into Syria.'] });
    expect(real.map((t) => t.id)).toContain('syria');
  });
});
