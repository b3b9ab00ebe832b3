import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, npmStart } from './support/npm-start.ts';

/** What `npm start` refuses before it starts anything (no Java process is spawned for these). */
describe('npm start preflight', () => {
  it('refuses a port that is already taken, naming it and the way out', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const runtime = await npmStart({ port, dataDir: mkdtempSync(join(tmpdir(), 'start-busy-')) });
      const ended = await new Promise<number | null>((resolve) => runtime.child.once('exit', resolve));
      expect(ended).toBe(1);
      expect(runtime.output()).toContain(`port ${port} is in use on 127.0.0.1: set PORT to another one`);
    } finally {
      busy.close();
    }
  });

  it('refuses to share its data folder with another running runtime', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'start-shared-'));
    writeFileSync(join(dataDir, 'runtime.json'), JSON.stringify({ pid: process.pid }));
    const runtime = await npmStart({ port: await freePort(), dataDir });
    const ended = await new Promise<number | null>((resolve) => runtime.child.once('exit', resolve));
    expect(ended).toBe(1);
    expect(runtime.output()).toContain(`another local runtime (pid ${process.pid}) is using ${dataDir}`);
  });
});
