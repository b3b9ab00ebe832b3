import { describe, expect, it } from 'vitest';
import { Tag } from '#core/article/schema.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import { taggedText } from '#core/tagging/types.ts';
import * as z from 'zod/mini';
import { allIds, mentioned, tagsOf } from './helpers.ts';

describe('matching rules', () => {
  it('matches whole words only', () => {
    expect(mentioned('The CRISIS deepened; KISS played; SDFX and ISISK are not names.')).toEqual([]);
    expect(mentioned('Iraqiyya party and Syriana the film')).toEqual([]);
  });

  it('matches acronyms case-sensitively', () => {
    expect(mentioned('ISIS, SDF, YPG, OIR, ISF, AQI and PMF')).toEqual(['isis', 'sdf', 'ypg', 'oir', 'isf', 'aqi', 'pmf']);
    expect(mentioned('the sdf, ypg, oir, isf, aqi and pmf files')).toEqual([]);
  });

  it('does not match capitalised names written all in lowercase', () => {
    expect(mentioned('a turkey, a jordan almond and a georgia peach from raqqa')).toEqual([]);
    expect(mentioned('Peshmerga and peshmerga')).toEqual(['peshmerga']);
  });

  it('accepts every dash and spacing variant inside a name', () => {
    for (const variant of ['CJTF-OIR', 'CJTF – OIR', 'CJTF—OIR', 'CJTF OIR', 'CJTF‑OIR', 'CJTF - OIR']) {
      expect(mentioned(`Officials at ${variant} said`), variant).toEqual(['cjtf-oir']);
    }
    expect(mentioned('Combined Joint Task Force—Operation Inherent Resolve')).toEqual(['cjtf-oir']);
  });

  it('does not run a name across sentence punctuation', () => {
    expect(mentioned('They met at CJTF. OIR staff came later.')).toEqual(['oir']);
  });

  it('folds diacritics and transliterations', () => {
    expect(mentioned('Türkiye, Turkiye and TÜRKIYE')).toEqual(['turkey']);
    expect(tagsOf('Türkiye, Turkiye and TÜRKIYE')[0]?.mentions).toBe(3);
    const raqqa = tagsOf('Ar-Raqqah, Al-Raqqa, Raqqah and Rakka');
    expect(raqqa[0]).toMatchObject({ id: 'raqqa', mentions: 4, firstOffset: 'Briefing\n\n'.length });
    expect(mentioned('Deir al-Zour, Dayr az-Zawr, Deir Ezzor')).toEqual(['deir-ez-zor']);
    expect(mentioned('Kobane, also called Ayn al-Arab')).toEqual(['kobani']);
    expect(mentioned('Menbij')).toEqual(['manbij']);
    expect(mentioned('al-Thawrah and Tabqah')).toEqual(['tabqa']);
    expect(mentioned('Arbil, known to Kurds as Hawler')).toEqual(['erbil', 'kurds']);
  });

  it('treats typographic and straight apostrophes alike, and possessives as the name', () => {
    expect(mentioned('Operation Freedom’s Sentinel')).toEqual(['ofs']);
    expect(mentioned("Operation Freedom's Sentinel")).toEqual(['ofs']);
    expect(mentioned('Iraq’s army and Syria\'s border')).toEqual(['iraq', 'syria']);
    expect(mentioned('ISIS’ advance and ISIS’s retreat')).toEqual(['isis']);
    expect(mentioned('the People’s Protection Units')).toEqual(['ypg']);
  });

  it('prefers the longest name', () => {
    expect(mentioned('al-Qaeda in Iraq')).toEqual(['aqi']);
    expect(mentioned('Syrian Democratic Forces')).toEqual(['sdf']);
    expect(mentioned('United States Army Colonel Ryan Dillon')).toEqual(['us-army', 'ryan-dillon']);
  });

  it('reads dotted abbreviations', () => {
    expect(mentioned('U.S. Army engineers')).toEqual(['us-army']);
  });
});

describe('tags', () => {
  it('record type, mentions, first offset in taggedText and the concept\'s subject codes', () => {
    const text = { headline: 'Raqqa falls', standfirst: 'A long fight', paragraphs: ['ISIS lost Raqqa.', 'ISIS fled.'] };
    const tags = createTagger().tag(text);
    const full = taggedText(text);
    const isis = tags.find((t) => t.id === 'isis');
    expect(isis).toEqual({ id: 'isis', label: 'Islamic State (ISIS)', type: 'organization', mentions: 2, firstOffset: full.indexOf('ISIS'), implied: false, relevance: expect.any(Number), mediatopics: ['medtop:20000053'] });
    expect(tags.find((t) => t.id === 'raqqa')).toMatchObject({ mentions: 2, firstOffset: 0, implied: false });
    for (const tag of tags) expect(z.safeParse(Tag, tag).success).toBe(true);
  });

  it('start a mention at its hyphenated article', () => {
    const tags = tagsOf('Fighting near Ar-Raqqah.');
    expect(tags[0]?.firstOffset).toBe('Briefing\n\nFighting near '.length);
  });

  it('add parents and implied concepts, marked implied', () => {
    const tags = tagsOf('Clearance continues in Raqqa, says CJTF-OIR.');
    expect(tags.find((t) => t.id === 'syria')).toEqual({ id: 'syria', label: 'Syria', type: 'place', mentions: 0, firstOffset: -1, implied: true, relevance: expect.any(Number), wikidata: 'Q858', geonames: '163843' });
    expect(tags.find((t) => t.id === 'oir')).toMatchObject({ implied: true, mentions: 0 });
    expect(allIds('Soldiers of the 82nd Airborne Division')).toContain('us-army');
  });

  it('do not mark a concept implied when the text names it too', () => {
    const tags = tagsOf('Raqqa, in Syria.');
    expect(tags.find((t) => t.id === 'syria')).toMatchObject({ implied: false, mentions: 1 });
  });

  it('put directly found tags in text order before implied ones', () => {
    const ids = tagsOf('Kirkuk and Raqqa').map((t) => `${t.id}${t.implied ? '*' : ''}`);
    expect(ids).toEqual(['kirkuk', 'raqqa', 'iraq*', 'syria*']);
  });
});

describe('publisher tags', () => {
  const tagger = createTagger();

  it('come only from the source, first, with the taxonomy label', () => {
    const tags = tagger.tag({ headline: 'Raqqa', paragraphs: ['ISIS fled.'] }, tagger.resolvePublisher('OpsLens'));
    expect(tags[0]).toEqual({ id: 'opslens', label: 'OpsLens', type: 'publisher', mentions: 0, firstOffset: -1, implied: false, relevance: 1 });
  });

  it('never come from outlets named in the text', () => {
    const text = 'OpsLens, Reuters, the BBC, The Sentry Review and Frontline Dispatch reported it, Meridian Defense Wire said.';
    expect(tagsOf(text).filter((t) => t.type === 'publisher')).toEqual([]);
    const tags = tagger.tag({ headline: 'x', paragraphs: [text] }, tagger.resolvePublisher('The Sentry Review'));
    expect(tags.filter((t) => t.type === 'publisher').map((t) => t.id)).toEqual(['sentry-review']);
  });

  it('resolve known names, folded, to taxonomy ids and unknown names to slugs', () => {
    expect(tagger.resolvePublisher('OpsLens')).toEqual({ id: 'opslens', name: 'OpsLens' });
    expect(tagger.resolvePublisher('The Sentry Review')).toEqual({ id: 'sentry-review', name: 'The Sentry Review' });
    expect(tagger.resolvePublisher('  sentry review ').id).toBe('sentry-review');
    expect(tagger.resolvePublisher('Meridian Defence Wire').id).toBe('meridian-defense-wire');
    expect(tagger.resolvePublisher('Reuters').id).toBe('reuters');
    expect(tagger.resolvePublisher('Al-Hadath Café Weekly')).toEqual({ id: 'al-hadath-cafe-weekly', name: 'Al-Hadath Café Weekly' });
  });

  it('keep an unknown publisher’s own name as label', () => {
    const tags = tagger.tag({ headline: 'x', paragraphs: [] }, tagger.resolvePublisher('Desert Ledger'));
    expect(tags).toEqual([{ id: 'desert-ledger', label: 'Desert Ledger', type: 'publisher', mentions: 0, firstOffset: -1, implied: false, relevance: 1 }]);
  });
});

describe('createTagger', () => {
  it('reuses one compiled shipped tagger per container', () => {
    expect(createTagger()).toBe(createTagger());
  });
});
