import { parseRetryAfter } from '../../../lib';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');

  it.each([
    ['delta-seconds', '120', 120_000],
    ['zero seconds', '0', 0],
    ['delta-seconds with spaces', ' 7 ', 7_000],
    ['an HTTP date 90 s ahead', 'Thu, 03 Dec 2026 12:01:30 GMT', 90_000],
    ['an HTTP date in the past', 'Thu, 03 Dec 2026 11:00:00 GMT', 0],
  ])('reads %s', (_name, value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([
    ['absent', null],
    ['undefined', undefined],
    ['empty', ''],
    ['negative seconds', '-5'],
    ['fractional seconds', '1.5'],
    ['an ISO date (not an HTTP date)', '2027-01-01'],
    ['garbage', 'soon please'],
  ])('gives undefined (normal backoff) for %s', (_name, value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
