import { compareSemver, isSemver, newestVersion } from '../../../lib/definition/semver';

describe('isSemver', () => {
  it.each(['0.1.0', '1.0.0', '10.20.30', '1.0.0-rc.1', '1.0.0-alpha', '1.0.0-0.3.7', '1.0.0-x-y.1'])(
    'accepts %s',
    (version) => {
      expect(isSemver(version)).toBe(true);
    },
  );

  it.each([
    '',
    '1',
    '1.0',
    '1.0.0.0',
    'v1.0.0',
    '01.0.0',
    '1.00.0',
    '1.0.0-',
    '1.0.0-01',
    '1.0.0+build',
    ' 1.0.0',
    '1.0.0-a..b',
  ])('refuses %p', (version) => {
    expect(isSemver(version)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isSemver(1)).toBe(false);
    expect(isSemver(undefined)).toBe(false);
  });
});

describe('compareSemver', () => {
  it.each([
    ['1.0.0', '2.0.0'],
    ['2.0.0', '2.1.0'],
    ['2.1.0', '2.1.1'],
    ['1.9.0', '1.10.0'],
    ['1.0.0-alpha', '1.0.0'],
    ['1.0.0-alpha', '1.0.0-alpha.1'],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta'],
    ['1.0.0-alpha.beta', '1.0.0-beta'],
    ['1.0.0-beta.2', '1.0.0-beta.11'],
    ['1.0.0-rc.1', '1.0.0'],
    ['9007199254740993.0.0', '9007199254740994.0.0'],
  ])('%s < %s', (older, newer) => {
    expect(compareSemver(older, newer)).toBeLessThan(0);
    expect(compareSemver(newer, older)).toBeGreaterThan(0);
  });

  it('finds equal versions equal', () => {
    expect(compareSemver('1.2.3', '1.2.3')).toBe(0);
    expect(compareSemver('1.2.3-rc.1', '1.2.3-rc.1')).toBe(0);
  });
});

describe('newestVersion', () => {
  it('picks the highest precedence, not the last or the lexically greatest', () => {
    expect(newestVersion(['1.10.0', '1.9.0', '1.2.0'])).toBe('1.10.0');
    expect(newestVersion(['2.0.0-rc.1', '1.5.0'])).toBe('2.0.0-rc.1');
    expect(newestVersion(['2.0.0', '2.0.0-rc.1'])).toBe('2.0.0');
  });

  it('is undefined for no versions', () => {
    expect(newestVersion([])).toBeUndefined();
  });
});
