import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared.ts';

const coreRoot = join(repoRoot, 'functions', 'core');
const sources = (readdirSync(coreRoot, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => join(coreRoot, file));
const specifiers = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1]!);

describe('the pure core', () => {
  it('imports project code only from functions/core (relatively or through #core/*), never adapters, commons or infra', () => {
    const escapes = sources.flatMap((file) =>
      specifiers(file)
        .filter((spec) => (spec.startsWith('.') ? relative(coreRoot, resolve(dirname(file), spec)).startsWith('..') : spec.startsWith('#') && !spec.startsWith('#core/')))
        .map((spec) => `${relative(repoRoot, file)} -> ${spec}`),
    );
    expect(sources.length).toBeGreaterThan(20);
    expect(escapes).toEqual([]);
  });

  it('imports no AWS SDK or Powertools package', () => {
    const aws = sources.flatMap((file) => specifiers(file).filter((spec) => /^@aws-(sdk|lambda-powertools)\//.test(spec)).map((spec) => `${relative(repoRoot, file)} -> ${spec}`));
    expect(aws).toEqual([]);
  });
});
