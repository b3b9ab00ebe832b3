import { describe, expect, it } from 'vitest';
import { createTagger } from '#core/tagging/tagger.ts';
import { tagsOf } from './helpers.ts';

const ids = (paragraph: string) => tagsOf(paragraph).map((t) => t.id);
const mentionsOf = (paragraph: string, id: string) => tagsOf(paragraph).find((t) => t.id === id)?.mentions;

describe('an acronym defined in the text', () => {
  it('binds to the concept of the long form before it, for every later bare mention', () => {
    const text = "Japan's Self-Defense Forces (SDF) will send a destroyer. The SDF has not fought since 1954, and SDF officers agreed.";
    expect(ids(text)).toContain('jsdf');
    expect(ids(text)).not.toContain('sdf');
    expect(mentionsOf(text, 'jsdf')).toBe(4);
  });

  it('beats the context vote: a Syrian definition holds in an article full of Japan', () => {
    const text = 'The Syrian Democratic Forces (SDF) received tents paid for by Japan. Tokyo pledged more, and SDF officials thanked Japanese diplomats.';
    expect(ids(text)).toContain('sdf');
    expect(ids(text)).not.toContain('jsdf');
  });

  it('binds to nothing when the long form is not a taxonomy name, even where the acronym usually means something', () => {
    const text = 'The Southern Defence Front (SDF) holds villages near Daraa in Syria. SDF commanders refused to disarm.';
    expect(ids(text)).not.toContain('sdf');
    expect(ids(text)).toContain('syria');
    expect(ids('An Air Quality Index (AQI) of 300 was recorded in Baghdad; the AQI fell by night.')).not.toContain('aqi');
  });

  it('reads a near miss of a known name as that name (Syrian Defense Forces for Syrian Democratic Forces)', () => {
    expect(ids('The US-backed Syrian Defense Forces (SDF) entered the town. The SDF said it met little resistance.')).toContain('sdf');
  });

  it('accepts the reverse order, ACR (Long Form), and long forms that skip function words', () => {
    expect(ids('SDF (Syrian Democratic Forces) fighters held the dam; SDF engineers inspected it.')).toContain('sdf');
    expect(mentionsOf('Fighters of al-Qaeda in Iraq (AQI) fled; AQI regrouped.', 'aqi')).toBe(3);
  });

  it('binds acronyms the taxonomy does not know, and ones it knows under the same concept (Islamic State (IS))', () => {
    expect(mentionsOf('The Islamic State (IS) lost its last town; IS cells remain.', 'isis')).toBe(3);
    expect(mentionsOf('Japan Air Self-Defense Force (JASDF) jets flew; JASDF pilots landed.', 'jasdf')).toBe(3);
  });

  it('applies to mentions before the definition (a headline) too', () => {
    const tags = createTagger().tag({ headline: 'SDF Refuses to Disarm Near Raqqa', paragraphs: ['The Southern Defence Front (SDF) said it would fight on.'] });
    expect(tags.map((t) => t.id)).toEqual(['raqqa', 'syria']);
  });

  it('is not a definition when the bracket holds more than the acronym or the initials do not fit an unknown long form', () => {
    expect(ids('Kurdish-led forces (SDF) took the town near Raqqa.')).toContain('sdf');
    expect(ids('Kurdish-led forces (SDF, by their initials) took the town near Raqqa.')).toContain('sdf');
  });
});

describe('places named after places', () => {
  it('drops a place followed by a namesake word such as Street or Gate', () => {
    expect(ids('Shops reopened along Syria Street in Tripoli.')).toEqual([]);
    expect(ids('Cafes on Baghdad Street in Damascus were full.')).toEqual(['damascus', 'syria']);
  });

  it('keeps facilities that serve the place', () => {
    expect(ids('Engineers flew into Baghdad Airport to inspect the Mosul Dam.')).toEqual(expect.arrayContaining(['baghdad', 'mosul', 'iraq']));
  });
});
