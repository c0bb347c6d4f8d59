export interface SuiteTime {
  file: string;
  project: string | undefined;
  seconds: number;
}

export function slowestSuites(suites: SuiteTime[], count: number): SuiteTime[];
export function formatSlowestSuites(suites: SuiteTime[], count: number): string;

declare class SlowestSuitesReporter {
  constructor(globalConfig: { rootDir: string }, options?: { count?: number });
  onTestResult(
    test: { context: { config: { displayName?: { name: string } } } },
    result: { testFilePath: string; perfStats: { start: number; end: number } },
  ): void;
  onRunComplete(): void;
  getLastError(): undefined;
}
export default SlowestSuitesReporter;
