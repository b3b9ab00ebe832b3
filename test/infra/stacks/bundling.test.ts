import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleBudget, overBudget } from '#infra/constructs/bundling.ts';
import { consoleFiles } from '#infra/console-bundle.ts';
import { entryOf, projectRoot, type LambdaName } from '#infra/constructs/syndicate-function.ts';
import { compiledTaxonomyFileName } from '#core/tagging/compiled-form.ts';
import { synthSyndicate } from '../synth.ts';

const names: LambdaName[] = ['ingest', 'subscriptions', 'publish', 'deliver', 'console'];
const missing = names.filter((name) => !existsSync(entryOf(name)));
const title =
  missing.length === 0
    ? 'bundles every handler as minified ESM with a source map and the AWS SDK inside'
    : `SKIPPED, handler entries not in this checkout yet: ${missing.map((n) => `functions/${n}/handler.ts`).join(', ')} (merge main)`;

describe('real bundling (the one test that runs esbuild through NodejsFunction)', () => {
  it.skipIf(missing.length > 0)(
    title,
    () => {
      const { app, statelessTemplate } = synthSyndicate({ bundle: true });
      const outdir = app.outdir;
      const bundles = readdirSync(outdir)
        .filter((dir) => dir.startsWith('asset.') && existsSync(join(outdir, dir, 'index.mjs')))
        .map((dir) => join(outdir, dir));
      expect(bundles).toHaveLength(names.length);
      for (const dir of bundles) {
        const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
        expect(existsSync(join(dir, 'index.mjs.map')), `${dir} source map`).toBe(true);
        // Bundled, not external: no import or require of the SDK is left to resolve at run time.
        const external = [...code.matchAll(/(?:from\s*|require\(|import\()"(@(?:aws-sdk|smithy)\/[^"]+)"/g)].map((m) => m[1]);
        expect(external, dir).toEqual([]);
        expect(/export\s*\{[^}]*\bhandler\b/.test(code), `${dir} exports handler`).toBe(true);
        // Minified: a few very long lines (template literals keep their own newlines).
        // (The console function's bundle is a few KB, so it is held to a handful of lines instead.)
        expect(code.split('\n').length, `${dir} is minified`).toBeLessThanOrEqual(Math.max(5, code.length / 1000));
      }
      // The console's web app, built from console/ by the console function's after-bundling hook, ships beside its code.
      const withConsole = bundles.filter((dir) => existsSync(join(dir, 'console')));
      expect(withConsole).toHaveLength(1);
      expect(readdirSync(join(withConsole[0]!, 'console')).sort()).toEqual([...consoleFiles].sort());
      // Ingest's tagger reads the taxonomy compiled at build time beside its code (functions/ingest/shipped-tagger.ts).
      const withTaxonomy = bundles.filter((dir) => existsSync(join(dir, compiledTaxonomyFileName)));
      expect(withTaxonomy).toHaveLength(1);
      expect(readFileSync(join(withTaxonomy[0]!, compiledTaxonomyFileName), 'utf8')).toBe(readFileSync(join(projectRoot, 'functions', 'ingest', compiledTaxonomyFileName), 'utf8'));
      // Source maps: every map ships beside its bundle without being named in it, read only when an error is
      // logged or thrown (functions/commons/original-stack.ts), never by Node at a cold start.
      const namingMaps = bundles.filter((dir) => readFileSync(join(dir, 'index.mjs'), 'utf8').includes('sourceMappingURL'));
      expect(namingMaps).toEqual([]);
      for (const name of names) {
        statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
          FunctionName: `dev-syndicate-${name}`,
          Handler: 'index.handler',
        });
      }
      // The bundle budget, per function (bytes are deterministic: no timing here). A function over the
      // budget is listed in overBudget with its reason and held to its ceiling; one that fits must leave the list.
      for (const [id, fn] of Object.entries(statelessTemplate.findResources('AWS::Lambda::Function'))) {
        const name = names.find((n) => fn.Properties.FunctionName === `dev-syndicate-${n}`);
        if (!name) continue; // CDK's own helpers (bucket notifications) are not bundled by us
        const asset = join(outdir, `asset.${(fn.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`, 'index.mjs');
        const kb = readFileSync(asset).length / 1024;
        const exception = overBudget[name];
        if (exception) {
          expect(kb, `${name} (${id}) is held to its ceiling: ${exception.why}`).toBeLessThanOrEqual(exception.ceilingKB);
          expect(kb, `${name} fits the budget now: remove it from overBudget`).toBeGreaterThan(bundleBudget.maxKB);
        } else {
          expect(kb, `${name} bundle (KB)`).toBeLessThanOrEqual(bundleBudget.maxKB);
        }
      }
    },
    300_000,
  );
});
