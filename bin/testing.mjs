// `import { startIgloo } from 'igloo/testing'` (package.json "exports"): src/testing/start-igloo.ts,
// bundled into dist/testing.mjs on demand (bin/on-demand-bundle.mjs), so plain `node --test` can import
// it without tsx. Its types are src/testing/igloo-testing.d.ts (the "types" condition).
import { ensureBundle } from './on-demand-bundle.mjs';

const testing = await import(await ensureBundle('testing/start-igloo.ts', 'testing.mjs'));

export const startIgloo = testing.startIgloo;
