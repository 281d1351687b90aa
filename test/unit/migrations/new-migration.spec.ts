import { TASKER_MIGRATIONS } from '../../../migrations';
import { migrationName } from '../../../scripts/migration-checksums';
import { className, nextTimestamp } from '../../../scripts/new-migration';

describe('npm run migrations:new', () => {
  it('should name the class after the kebab-case name and the timestamp', () => {
    expect(className('replace-expire-leases', '1764403200005')).toBe('ReplaceExpireLeases1764403200005');
  });

  it('should default to the timestamp after the newest migration', () => {
    const newest = TASKER_MIGRATIONS.map((migration) => BigInt(migrationName(migration).slice(-13))).reduce(
      (max, value) => (value > max ? value : max),
    );

    expect(nextTimestamp()).toBe(String(newest + 1n));
  });
});
