import { LogLine } from '../../lib';
import { testLogger } from './engine-app';

/** The log lines written so far whose message is `message` and whose `taskId` field is `taskId`. */
export function logLinesOf(message: string, taskId: string): LogLine[] {
  return testLogger.entries
    .map((entry) => entry.message)
    .filter((line): line is LogLine => line instanceof LogLine && line.msg === message && line['taskId'] === taskId);
}
