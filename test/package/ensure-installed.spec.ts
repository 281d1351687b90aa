import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPlan, installState } from '../../scripts/ensure-installed';

const ROOT = join(__dirname, '..', '..');

/** A project directory with a lockfile pinning `pins` and, when given, node_modules recording `installed`. */
function project(pins: Record<string, string>, installed?: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tasker-ensure-'));
  const packages = (versions: Record<string, string>): Record<string, unknown> => ({
    '': { name: 'p' },
    ...Object.fromEntries(Object.entries(versions).map(([name, version]) => [`node_modules/${name}`, { version }])),
  });
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: packages(pins) }));
  if (installed !== undefined) {
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(
      join(root, 'node_modules', '.package-lock.json'),
      JSON.stringify({ lockfileVersion: 3, packages: packages(installed) }),
    );
  }
  return root;
}

function age(root: string, file: string, secondsAgo: number): void {
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(join(root, file), when, when);
}

describe('scripts/ensure-installed.js', () => {
  const roots: string[] = [];
  const make = (pins: Record<string, string>, installed?: Record<string, string>): string => {
    const root = project(pins, installed);
    roots.push(root);
    return root;
  };

  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('runs before npm start and npm test', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.prestart).toBe('node scripts/ensure-installed.js');
    expect(scripts.pretest).toBe('node scripts/ensure-installed.js');
  });

  it('installs on a fresh clone (no node_modules)', () => {
    expect(installState(make({ a: '1.0.0' }))).toEqual({ install: true, reason: 'node_modules is missing' });
  });

  it('installs when node_modules has no npm marker', () => {
    const root = make({ a: '1.0.0' });
    mkdirSync(join(root, 'node_modules'));
    expect(installState(root)).toMatchObject({ install: true });
  });

  it('does nothing when the marker is newer than the lockfile', () => {
    const root = make({ a: '1.0.0' }, { a: '1.0.0' });
    age(root, 'package-lock.json', 60);
    expect(installState(root)).toEqual({ install: false });
  });

  it('reinstalls when the lockfile is newer and pins another version', () => {
    const root = make({ a: '2.0.0' }, { a: '1.0.0' });
    age(root, 'node_modules/.package-lock.json', 60);
    expect(installState(root)).toEqual({
      install: true,
      reason: 'package-lock.json changed (a 1.0.0 is installed, the lockfile pins 2.0.0)',
    });
  });

  it('reinstalls when the lockfile is newer and adds a package', () => {
    const root = make({ a: '1.0.0', b: '1.0.0' }, { a: '1.0.0' });
    age(root, 'node_modules/.package-lock.json', 60);
    expect(installState(root)).toMatchObject({
      install: true,
      reason: 'package-lock.json changed (b is not installed)',
    });
  });

  it('only refreshes the marker when the lockfile is newer but says the same', () => {
    const root = make({ a: '1.0.0' }, { a: '1.0.0' });
    age(root, 'node_modules/.package-lock.json', 60);
    expect(installState(root)).toEqual({ install: false, touchMarker: true });
  });
});

describe('scripts/ensure-installed.js: Chromium for the browser test', () => {
  const at =
    (...paths: string[]) =>
    (path: string) =>
      paths.includes(path);

  it('does nothing when /usr/bin/chromium is there', () => {
    expect(
      chromiumPlan({ chromiumPath: undefined, exists: at('/usr/bin/chromium'), isRoot: false, hasAptGet: false }),
    ).toEqual({ action: 'none' });
  });

  it('installs it with apt-get when it is missing and this runs as root with apt-get', () => {
    expect(chromiumPlan({ chromiumPath: undefined, exists: at(), isRoot: true, hasAptGet: true })).toEqual({
      action: 'install',
    });
  });

  it('says how to install it when it cannot', () => {
    const notRoot = chromiumPlan({ chromiumPath: undefined, exists: at(), isRoot: false, hasAptGet: true });
    expect(notRoot).toEqual({ action: 'advise', message: expect.stringContaining('not running as root') as unknown });
    expect(notRoot).toEqual({
      action: 'advise',
      message: expect.stringContaining('apt-get install -y chromium') as unknown,
    });
    const noApt = chromiumPlan({ chromiumPath: undefined, exists: at(), isRoot: true, hasAptGet: false });
    expect(noApt).toEqual({
      action: 'advise',
      message: expect.stringContaining('apt-get is not available') as unknown,
    });
  });

  it('checks CHROMIUM_PATH instead when it is set, and never installs then', () => {
    const facts = { chromiumPath: '/opt/chrome/chrome', isRoot: true, hasAptGet: true };
    expect(chromiumPlan({ ...facts, exists: at('/opt/chrome/chrome') })).toEqual({ action: 'none' });
    expect(chromiumPlan({ ...facts, exists: at('/usr/bin/chromium') })).toEqual({
      action: 'advise',
      message: 'CHROMIUM_PATH is /opt/chrome/chrome, which does not exist',
    });
  });
});
