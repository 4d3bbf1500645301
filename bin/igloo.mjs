#!/usr/bin/env node
// The igloo command: runs the TypeScript sources through tsx's loader (Node 20 cannot strip types).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/igloo.ts');
