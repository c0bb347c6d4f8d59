// A Jest reporter that ends the run with its slowest test files, so the suite's time has names.
// Options: { count } (default 10). Jest loads reporters with require(), hence plain JavaScript.
/* global setImmediate */
const { relative } = require('node:path');

/**
 * @param {Array<{ file: string, project: string | undefined, seconds: number }>} suites
 * @param {number} count
 */
function slowestSuites(suites, count) {
  return [...suites].sort((a, b) => b.seconds - a.seconds || a.file.localeCompare(b.file)).slice(0, count);
}

/**
 * @param {Array<{ file: string, project: string | undefined, seconds: number }>} suites every suite of the run
 * @param {number} count
 * @returns {string} the table, one line per suite, slowest first
 */
function formatSlowestSuites(suites, count) {
  const slowest = slowestSuites(suites, count);
  const total = suites.reduce((sum, suite) => sum + suite.seconds, 0);
  const width = Math.max(0, ...slowest.map((suite) => suite.seconds.toFixed(1).length));
  const lines = slowest.map(
    ({ file, project, seconds }) => `  ${seconds.toFixed(1).padStart(width)} s  ${file}${project ? `  (${project})` : ''}`,
  );
  const heading = `${slowest.length} slowest of ${suites.length} test files (together ${total.toFixed(0)} s of test-file time):`;
  return [heading, ...lines].join('\n');
}

class SlowestSuitesReporter {
  /**
   * @param {{ rootDir: string }} globalConfig
   * @param {{ count?: number }} [options]
   */
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.count = options.count ?? 10;
    /** @type {Array<{ file: string, project: string | undefined, seconds: number }>} */
    this.suites = [];
  }

  /**
   * @param {{ context: { config: { displayName?: { name: string } } } }} test
   * @param {{ testFilePath: string, perfStats: { start: number, end: number } }} result
   */
  onTestResult(test, result) {
    this.suites.push({
      file: relative(this.rootDir, result.testFilePath),
      project: test.context.config.displayName?.name,
      seconds: Math.max(0, result.perfStats.end - result.perfStats.start) / 1000,
    });
  }

  onRunComplete() {
    if (this.suites.length === 0) return;
    const table = `\n${formatSlowestSuites(this.suites, this.count)}\n`;
    // Jest calls its own summary reporter after this one: print once it has had its say.
    setImmediate(() => process.stderr.write(table));
  }

  getLastError() {
    return undefined;
  }
}

module.exports = SlowestSuitesReporter;
module.exports.slowestSuites = slowestSuites;
module.exports.formatSlowestSuites = formatSlowestSuites;
