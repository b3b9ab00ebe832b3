import { describe, expect, it } from 'vitest';
import { feedsTouchedBy } from '../../../functions/core/feeds/affected.ts';
import { makeArticle, tagsFor } from './fixtures.ts';

const syria = makeArticle({ tags: tagsFor(['opslens', 'syria']) });

describe('feeds touched by a change', () => {
  it('a new article touches everything, each of its tags and its publisher', () => {
    expect(feedsTouchedBy(undefined, syria).sort()).toEqual(['all', 'publisher/opslens', 'tag/opslens', 'tag/syria']);
  });

  it('a correction touches the tags it had and the tags it has', () => {
    const retagged = { ...syria, version: 2, tags: tagsFor(['opslens', 'iraq']) };
    expect(feedsTouchedBy(syria, retagged).sort()).toEqual(['all', 'publisher/opslens', 'tag/iraq', 'tag/opslens', 'tag/syria']);
  });

  it('a withdrawal touches every feed the article was in', () => {
    expect(feedsTouchedBy(syria, { ...syria, status: 'withdrawn' }).sort()).toEqual(['all', 'publisher/opslens', 'tag/opslens', 'tag/syria']);
  });

  it('an embargoed article touches nothing until released', () => {
    const embargoed = { ...syria, status: 'embargoed' as const };
    expect(feedsTouchedBy(undefined, embargoed)).toEqual([]);
    expect(feedsTouchedBy(embargoed, { ...embargoed, headline: 'still secret' })).toEqual([]);
    expect(feedsTouchedBy(embargoed, syria)).toHaveLength(4);
  });
});
