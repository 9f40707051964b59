#!/usr/bin/env -S node --max-semi-space-size=8
// The flags on the line above are the process's: a young generation of 2 x 8 MB instead of V8's 2 x 16 MB
// (bench/backfill.ts runs the pipeline with the same flags, read from that line).
// The CLI is TypeScript run through tsx, so a clone works with `npm ci` alone (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
