import { ConcurrencyMeasurementError } from '../../../lib/concurrency/concurrency-measurement.error';
import { parseSystemHealthCounts, systemHealthCountsSql } from '../../../lib/concurrency/system-health-counts.query';

const PG_ROW = {
  total_tasks: '12',
  pending_tasks: '3',
  in_progress_tasks: '2',
  complete_tasks: '5',
  error_tasks: '1',
  cancelled_tasks: '1',
  resolved_manually_tasks: '0',
  total_steps: '40',
  pending_steps: '10',
  in_progress_steps: '4',
  waiting_for_retry_steps: '2',
  complete_steps: '20',
  error_steps: '3',
  cancelled_steps: '1',
  resolved_manually_steps: '0',
  retryable_error_steps: '2',
  exhausted_retry_steps: '1',
  in_backoff_steps: '1',
  active_connections: '4',
  max_connections: 100,
};

describe('system_health_counts', () => {
  it('should call the function in the configured schema', () => {
    expect(systemHealthCountsSql('jobs')).toBe('SELECT * FROM jobs.system_health_counts()');
  });

  it('should convert bigint strings (node-postgres) and numbers to numbers', () => {
    expect(parseSystemHealthCounts(PG_ROW)).toMatchObject({
      totalTasks: 12,
      pendingTasks: 3,
      inProgressTasks: 2,
      totalSteps: 40,
      pendingSteps: 10,
      inProgressSteps: 4,
      waitingForRetrySteps: 2,
      maxConnections: 100,
    });
  });

  it.each([
    ['no row', undefined],
    ['a missing column', { ...PG_ROW, pending_steps: undefined }],
    ['a null count', { ...PG_ROW, total_tasks: null }],
    ['a non-numeric count', { ...PG_ROW, in_progress_steps: 'many' }],
    ['an empty string', { ...PG_ROW, in_progress_steps: '' }],
    ['a negative count', { ...PG_ROW, total_steps: '-1' }],
    ['a fractional count', { ...PG_ROW, total_steps: '1.5' }],
  ])('should reject %s', (_label, row) => {
    expect(() => parseSystemHealthCounts(row)).toThrow(ConcurrencyMeasurementError);
  });
});
