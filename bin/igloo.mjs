#!/usr/bin/env node
// The igloo command: src/cli/igloo.ts, bundled into dist/igloo.mjs on demand (bin/on-demand-bundle.mjs).
import { ensureBundle } from './on-demand-bundle.mjs';

await import(await ensureBundle('cli/igloo.ts', 'igloo.mjs'));
