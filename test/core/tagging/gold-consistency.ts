import type { GoldArticle, VocabularyConcept } from '#core/tagging/evaluation.ts';

type Related = VocabularyConcept & { parent?: string; implies?: string[] };

/**
 * What is wrong with a hand-written gold file, as readable lines: ids outside
 * the vocabulary, tags whose parent or implied concept is missing (gold is
 * closed under both, as the shared set's README says), tags that are also
 * listed as must-not, and `aboutness` labels that do not cover exactly the
 * non-publisher tags.
 */
export function goldProblems(gold: readonly GoldArticle[], vocabulary: readonly VocabularyConcept[]): string[] {
  const byId = new Map(vocabulary.map((c) => [c.id, c as Related]));
  const problems: string[] = [];
  for (const article of gold) {
    const mustNot = article.must_not_tag ?? [];
    for (const id of [...article.tags, ...mustNot]) if (!byId.has(id)) problems.push(`${article.file}: ${id} is not in the vocabulary`);
    for (const id of article.tags) {
      const concept = byId.get(id);
      for (const implied of [...(concept?.parent ? [concept.parent] : []), ...(concept?.implies ?? [])]) {
        if (!article.tags.includes(implied)) problems.push(`${article.file}: ${id} implies ${implied}, which gold lacks`);
      }
      if (mustNot.includes(id)) problems.push(`${article.file}: ${id} is both a tag and a must-not`);
    }
    if (article.aboutness !== undefined) {
      const labelled = Object.keys(article.aboutness).sort();
      const expected = article.tags.filter((id) => byId.get(id)?.type !== 'publisher').sort();
      if (labelled.join() !== expected.join()) problems.push(`${article.file}: aboutness labels ${labelled} do not match its non-publisher tags ${expected}`);
    }
  }
  return problems;
}
