#!/usr/bin/env node
// The CLI is written in TypeScript; tsx loads it without a build step so that
// `npx skillfund` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
