/**
 * Tag relevance: the documented formula (relevance.ts), what the tagger gives
 * each kind of tag, and how well it ranks the tags our own sets label
 * `central` above those labelled `mentioned` (the independent set's labels
 * were not used to set the weights).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rankingQuality, type GoldArticle } from '#core/tagging/evaluation.ts';
import { directRelevance, impliedRelevance, layoutOf } from '#core/tagging/relevance.ts';
import { createTagger } from '#core/tagging/tagger.ts';

const layout = layoutOf({ headline: 'H'.repeat(50), standfirst: 'S'.repeat(100), paragraphs: ['P'.repeat(846)] });

describe('the relevance formula', () => {
  it('lays out headline, lead and length as the tagged text joins them', () => {
    expect(layout).toEqual({ headlineEnd: 50, leadStart: 52, leadEnd: 152, length: 1000 });
    expect(layoutOf({ headline: 'Hi', paragraphs: ['', 'lead', 'next'] })).toMatchObject({ leadStart: 4, leadEnd: 8 });
  });

  it('weighs headline 0.35, lead 0.15, repetition 0.30 (saturating at four mentions) and earliness 0.20', () => {
    expect(directRelevance({ mentions: 4, firstOffset: 0, inHeadline: true, inLead: true }, layout)).toBe(1);
    expect(directRelevance({ mentions: 1, firstOffset: 0, inHeadline: true, inLead: false }, layout)).toBe(0.55);
    expect(directRelevance({ mentions: 2, firstOffset: 500, inHeadline: false, inLead: false }, layout)).toBe(0.2);
    expect(directRelevance({ mentions: 9, firstOffset: 1000, inHeadline: false, inLead: false }, layout)).toBe(0.3);
  });

  it('gives an implied concept 0.8 of its strongest child plus 0.1 per further child, capped at 1', () => {
    expect(impliedRelevance([])).toBe(0);
    expect(impliedRelevance([0.5])).toBe(0.4);
    expect(impliedRelevance([0.5, 0.2, 0.1])).toBe(0.6);
    expect(impliedRelevance([1, 1, 1, 1])).toBe(1);
  });
});

describe('relevance on tags', () => {
  const tagger = createTagger();
  const tags = tagger.tag(
    {
      headline: 'Engineers reopen the bridge below the Tabqa Dam',
      standfirst: 'Convoys cross the Euphrates again at Tabqa.',
      paragraphs: ['Engineers reopened the crossing at Tabqa on Tuesday.', 'Officials in Raqqa said Tabqa would see more aid.'],
    },
    tagger.resolvePublisher('OpsLens'),
  );
  const byId = new Map(tags.map((t) => [t.id, t]));

  it('ranks the headline concept above one named once late, and gives their country at least 0.8 of the stronger', () => {
    const tabqa = byId.get('tabqa')?.relevance as number;
    const raqqa = byId.get('raqqa')?.relevance as number;
    const syria = byId.get('syria');
    expect(tabqa).toBeGreaterThan(0.8);
    expect(raqqa).toBeLessThan(0.3);
    expect(syria?.implied).toBe(true);
    expect(syria?.relevance).toBeGreaterThanOrEqual(impliedRelevance([tabqa]));
  });

  it('gives the publisher tag relevance 1: it comes from the source, not the text', () => {
    expect(tags[0]).toMatchObject({ id: 'opslens', type: 'publisher', relevance: 1 });
  });
});

describe('relevance ranking on our labelled sets', () => {
  it.each(['adversarial', 'independent'])('%s set: pooled AUC of central over mentioned tags is at least 0.9', (set) => {
    const dir = join(import.meta.dirname, set);
    const gold = JSON.parse(readFileSync(join(dir, 'gold.json'), 'utf8')) as GoldArticle[];
    const report = rankingQuality(createTagger(), gold, (file) => readFileSync(join(dir, 'articles', file), 'utf8'));
    expect(report.central).toBeGreaterThan(40);
    expect(report.mentioned).toBeGreaterThan(30);
    expect(report.pooledAuc).toBeGreaterThanOrEqual(0.9);
  });
});
