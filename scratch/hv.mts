import { HtmlValidate } from 'html-validate';
import { makeArticle, tagsFor, settings, hostileArticle, referenceArticle } from '/work/wt/site/test/core/feeds/fixtures.ts';
import { renderArticlePage } from '/work/wt/site/functions/core/site/article-page.ts';
import { renderWithdrawnPage } from '/work/wt/site/functions/core/site/withdrawn-page.ts';
import { renderListingPage } from '/work/wt/site/functions/core/site/listing-page.ts';
import { feedView } from '/work/wt/site/functions/core/feeds/view.ts';
const hv = new HtmlValidate({ extends: ['html-validate:recommended'] });
const a = makeArticle({ headline: 'Bridge </script> & "reopens"', standfirst: 'A short standfirst.', byline: 'Jane Roe', tags: tagsFor(['opslens','syria']), media: [{ url: 'https://img.example/x.jpg', role: 'lead', alt: 'A bridge', width: 800, height: 600, caption: 'The bridge', credit: 'OpsLens' }] } as never);
const pages = {article: renderArticlePage(a, settings), ref: renderArticlePage(referenceArticle(), settings), hostile: renderArticlePage(hostileArticle(), settings), withdrawn: renderWithdrawnPage(a, settings), tag: renderListingPage(feedView('tag/syria', [a, referenceArticle()], settings), settings), empty: renderListingPage(feedView('tag/none', [], settings), settings)};
for (const [name, html] of Object.entries(pages)) {
  const r = await hv.validateString(html);
  console.log(name, r.valid, r.results.flatMap(x => x.messages.map(m => `${m.ruleId}: ${m.message} @${m.column} ${html.slice(m.offset, m.offset+60)}`)).join('\n'));
}
