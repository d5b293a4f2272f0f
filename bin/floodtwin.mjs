#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx (no build step), so the CLI and the page share
// exactly the same engine source.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
