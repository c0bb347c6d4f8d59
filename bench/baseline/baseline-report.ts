import { BenchReport, machineInfo, readReport, writeReport } from '../common';
import { HttpResult } from './http';
import { OtpPathResult } from './otp-path/measure';
import { PostgresResult } from './postgres';
import { RabbitResult } from './rabbitmq';
import { RedisResult } from './redis';

export interface BaselineResults {
  rabbitmq?: RabbitResult;
  postgres?: PostgresResult;
  redis?: RedisResult;
  http?: HttpResult;
  'otp-path'?: OtpPathResult;
}

/** Strips credentials from a URL before it is printed or saved. */
export const redact = (url: string): string => url.replace(/\/\/[^@/]*@/, '//');

/** Writes bench/results/baseline.json; a partial run (--only) keeps the other sections of the previous report. */
export function saveBaseline(results: BaselineResults, options: Record<string, unknown>): string {
  const previous = readReport<BaselineResults>('baseline');
  const report: BenchReport = {
    bench: 'baseline',
    date: new Date().toISOString(),
    machine: machineInfo(),
    options,
    results: { ...previous?.results, ...results },
  };
  return writeReport(report);
}
