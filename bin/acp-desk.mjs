#!/usr/bin/env node
// Runs the TypeScript CLI directly (through tsx), so `npm run acp -- …` and the `acp-desk`
// bin work right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
