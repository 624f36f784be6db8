import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints `playwright: N passed, N failed, N skipped` for scripts/test-all.mjs. */
export default class SummaryReporter implements Reporter {
  private readonly counts = { passed: 0, failed: 0, skipped: 0 };

  onTestEnd(test: TestCase, result: TestResult): void {
    const final = result.status === 'passed' || result.status === 'skipped' || result.retry >= test.retries;
    if (!final) return;
    if (result.status === 'passed') this.counts.passed++;
    else if (result.status === 'skipped') this.counts.skipped++;
    else this.counts.failed++;
  }

  onError(): void {
    this.counts.failed++;
  }

  onEnd(): void {
    const c = this.counts;
    process.stdout.write(`\nplaywright: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
