/** The outcome of one check. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One line of the report. */
export interface CheckResult {
  category: string;
  name: string;
  status: CheckStatus;
  detail: string;
}

const MARKS: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

/** Collects check results and prints them category by category. */
export class Report {
  readonly results: CheckResult[] = [];

  add(category: string, name: string, status: CheckStatus, detail = ''): CheckResult {
    const result = { category, name, status, detail };
    this.results.push(result);
    process.stdout.write(`  [${MARKS[status]}] ${category} / ${name}${detail === '' ? '' : `: ${detail}`}\n`);
    return result;
  }

  get failed(): number {
    return this.results.filter((result) => result.status === 'fail').length;
  }

  /** The summary, by category, and the closing counts line. */
  print(): void {
    const categories = [...new Set(this.results.map((result) => result.category))];
    process.stdout.write('\nvalidate:metrics report\n');
    for (const category of categories) {
      const results = this.results.filter((result) => result.category === category);
      const count = (status: CheckStatus): number => results.filter((result) => result.status === status).length;
      process.stdout.write(
        `\n${category}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped\n`,
      );
      for (const result of results) {
        process.stdout.write(
          `  [${MARKS[result.status]}] ${result.name}${result.detail === '' ? '' : ` (${result.detail})`}\n`,
        );
      }
    }
    const total = (status: CheckStatus): number => this.results.filter((result) => result.status === status).length;
    process.stdout.write(`\nmetrics: ${total('pass')} passed, ${total('fail')} failed, ${total('skip')} skipped\n`);
  }
}
