import { describe, expect, it } from 'vitest';
import { synthSyndicate } from '../synth.ts';

/** Asset hashes change with every edit of any handler; the template's shape is what the snapshot guards. */
function normaliseAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '<asset-hash>$1'));
}

describe('the stateless stack template', () => {
  it('changes only on purpose (one snapshot; the fine-grained invariants live in the other tests)', () => {
    const { statelessTemplate } = synthSyndicate({ context: { stage: 'snap', websubHub: 'https://hub.example.com/' } });
    expect(normaliseAssetHashes(statelessTemplate.toJSON())).toMatchSnapshot();
  });
});
