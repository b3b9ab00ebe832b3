import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // DynamoDB Local and s3rver start once per run; tests reach them through test/support/services.ts.
    globalSetup: ['test/global-setup.ts'],
    // Generous: CDK synthesis and JVM-backed services are slow on a loaded two-core machine; no test asserts timing.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests talk to real local services and real HTTP servers: two cores, so keep forks modest.
    pool: 'forks',
    maxWorkers: 2,
    env: {
      // Metrics flush EMF documents to stdout; tests assert on them through the Metrics API, not the console.
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      // The pinned SDK supports Node 20 (Lambda runs 24); its notice about future releases would print once per worker.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
