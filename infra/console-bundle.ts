/**
 * Builds the console (console/: Preact components in TSX) into a folder of
 * static files with the project's esbuild: `index.html`, `app.js`, `app.css`.
 * The local runtime calls it at start; the CDK stack runs it (`tsx
 * infra/console-bundle.ts OUT`) after bundling the console function, so the
 * files ship beside that function's code. Nothing is fetched at run time.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const consoleSourceDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'console');

/** The files the console is made of, as its function serves them. */
export const consoleFiles = ['index.html', 'app.js', 'app.css'] as const;

export async function buildConsole(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(consoleSourceDir, 'src', 'main.tsx')],
    outfile: join(outDir, 'app.js'),
    tsconfig: join(consoleSourceDir, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    // Browsers of the last few years; nothing needs a polyfill.
    target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  copyFileSync(join(consoleSourceDir, 'index.html'), join(outDir, 'index.html'));
  copyFileSync(join(consoleSourceDir, 'app.css'), join(outDir, 'app.css'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: tsx infra/console-bundle.ts OUT_DIR');
    process.exit(2);
  }
  await buildConsole(resolve(out));
}
