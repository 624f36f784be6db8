#!/usr/bin/env node
// `npm test`: typecheck → lint → vitest (unit, integration, renderer) → build → Playwright
// e2e in real Chromium. Every step runs even if an earlier one failed (so one run shows every
// problem), except that e2e needs the build. Ends with the one line CI reads:
//   tests: N passed, N failed, N skipped
// Typecheck, lint and build count as one check each; vitest and Playwright report their own
// counts through tests/support/summary-reporter.ts and tests/e2e/summary-reporter.ts.
import { spawn } from 'node:child_process';

const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', FORCE_COLOR: process.env.CI ? '0' : '1' };
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, cmd, args) {
  return new Promise((resolve) => {
    process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
    const started = Date.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code, signal) => {
      process.stdout.write(`=== ${label}: exit ${code ?? signal} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      resolve({ code: code ?? 1, out });
    });
    child.on('error', (e) => resolve({ code: 1, out: String(e) }));
  });
}

function countsFrom(out, prefix) {
  const re = new RegExp(`^${prefix}: (\\d+) passed, (\\d+) failed, (\\d+) skipped$`, 'm');
  const m = out.replace(/\x1b\[[0-9;]*m/g, '').match(re);
  return m ? { passed: +m[1], failed: +m[2], skipped: +m[3] } : null;
}

async function check(label, cmd, args) {
  const { code } = await run(label, cmd, args);
  if (code === 0) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
  return code === 0;
}

async function suite(label, cmd, args, prefix) {
  const { code, out } = await run(label, cmd, args);
  const c = countsFrom(out, prefix);
  if (!c) {
    totals.failed++;
    failures.push(`${label} (no summary line)`);
    return;
  }
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  if (code !== 0 && c.failed === 0) {
    totals.failed++;
    failures.push(`${label} (exit ${code})`);
  } else if (c.failed > 0) failures.push(label);
  if (process.env.E2E_REQUIRED === '1' && prefix === 'playwright' && c.skipped > 0) {
    totals.failed += c.skipped;
    failures.push(`${label}: ${c.skipped} skipped with E2E_REQUIRED=1`);
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
await check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
await check('lint', 'npm', ['run', '--silent', 'lint']);
await suite('vitest', npx, ['vitest', 'run'], 'vitest');
const built = await check('build', npx, ['electron-vite', 'build']);
if (built) await suite('e2e', npx, ['playwright', 'test'], 'playwright');
else failures.push('e2e (not run: build failed)');

if (failures.length) process.stdout.write(`\nFailed: ${failures.join('; ')}\n`);
process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exitCode = totals.failed > 0 || !built ? 1 : 0;
