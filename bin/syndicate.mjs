#!/usr/bin/env node
// The CLI is TypeScript; tsx's loader lets it run on the machine's Node without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/syndicate.ts');
