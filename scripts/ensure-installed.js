#!/usr/bin/env node
'use strict';
// Runs `npm ci` when node_modules is missing or older than package-lock.json, so that `npm start` and
// `npm test` work on a fresh clone (and after a pull that changed the lockfile) with no other step.
// Wired as the `prestart` and `pretest` scripts. Uses nothing outside Node itself: it runs before
// anything is installed.
//
// Before the tests (`pretest`, or `--chromium`) it also makes sure Debian's Chromium is there for the
// dashboard's browser test: when /usr/bin/chromium is missing and this runs as root with apt-get, it
// installs the `chromium` package (saying so); otherwise it says how to, and the browser test fails
// with the same advice rather than being skipped.
//
// "Older" is judged by npm's own marker, node_modules/.package-lock.json (written at the end of every
// install): it must exist and be at least as new as package-lock.json. When only the timestamps
// disagree (a checkout touched the lockfile, or `npm install <pkg>` wrote the lockfile last) but every
// package the lockfile pins is installed at its pinned version, nothing is reinstalled; the marker's
// timestamp is brought forward so the next run decides at once.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

/**
 * What to do for the project at `root`: `{ install: false }`, or `{ install: true, reason }`.
 * `touchMarker` says the marker is stale by its timestamp only.
 */
function installState(root = ROOT) {
  const lockPath = join(root, 'package-lock.json');
  const markerPath = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(join(root, 'node_modules'))) return { install: true, reason: 'node_modules is missing' };
  if (!existsSync(markerPath)) return { install: true, reason: 'node_modules was not installed by npm 7 or later' };
  if (!existsSync(lockPath)) return { install: false };
  if (statSync(markerPath).mtimeMs >= statSync(lockPath).mtimeMs) return { install: false };
  const mismatch = firstMismatch(readJson(lockPath), readJson(markerPath));
  if (mismatch !== undefined) return { install: true, reason: `package-lock.json changed (${mismatch})` };
  return { install: false, touchMarker: true };
}

/** The first package the lockfile pins that node_modules lacks or holds at another version. */
function firstMismatch(lock, marker) {
  const installed = (marker && marker.packages) || {};
  for (const [path, entry] of Object.entries((lock && lock.packages) || {})) {
    // The root entry describes the project itself; optional packages may be absent on this platform.
    if (path === '' || !path.startsWith('node_modules/') || entry.optional || entry.link) continue;
    const present = installed[path];
    if (present === undefined) return `${path.slice('node_modules/'.length)} is not installed`;
    if (present.version !== entry.version) {
      return `${path.slice('node_modules/'.length)} ${present.version} is installed, the lockfile pins ${entry.version}`;
    }
  }
  return undefined;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** `npm ci` with the npm that runs this script when there is one (npm sets npm_execpath). */
function runNpmCi(root) {
  // Dev dependencies are the build and test tools, so they are wanted even under NODE_ENV=production.
  const args = ['ci', '--include=dev', '--no-audit', '--no-fund'];
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli && npmCli.endsWith('.js')
      ? spawnSync(process.execPath, [npmCli, ...args], { cwd: root, stdio: 'inherit' })
      : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
          cwd: root,
          stdio: 'inherit',
          shell: process.platform === 'win32',
        });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ADVICE =
  'install it with `apt-get install -y chromium` (Debian, as root) or set CHROMIUM_PATH to a Chromium binary';

/**
 * What to do about Chromium, from the facts of this machine: `{ action: 'none' }` when it is there
 * (or CHROMIUM_PATH names another one), `{ action: 'install' }` when apt-get can install it, else
 * `{ action: 'advise', message }`.
 */
function chromiumPlan({ chromiumPath, exists, isRoot, hasAptGet }) {
  if (chromiumPath !== undefined && chromiumPath !== '') {
    return exists(chromiumPath)
      ? { action: 'none' }
      : { action: 'advise', message: `CHROMIUM_PATH is ${chromiumPath}, which does not exist` };
  }
  if (exists(CHROMIUM_PATH)) return { action: 'none' };
  if (isRoot && hasAptGet) return { action: 'install' };
  const why = isRoot ? 'apt-get is not available' : 'not running as root';
  return {
    action: 'advise',
    message: `${CHROMIUM_PATH} is missing and it cannot be installed here (${why}): ${CHROMIUM_ADVICE}`,
  };
}

function onPath(command) {
  return (process.env.PATH || '').split(':').some((dir) => dir !== '' && existsSync(join(dir, command)));
}

/** Installs Debian's Chromium when the browser test would need it and this machine allows it. */
function ensureChromium() {
  const plan = chromiumPlan({
    chromiumPath: process.env.CHROMIUM_PATH,
    exists: existsSync,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasAptGet: onPath('apt-get'),
  });
  if (plan.action === 'none') return;
  if (plan.action === 'advise') {
    console.warn(
      `[tasker] Chromium for the dashboard's browser test: ${plan.message}. That test will fail until then.`,
    );
    return;
  }
  console.log(
    `[tasker] installing Chromium for the dashboard's browser test: apt-get update && apt-get install -y chromium`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.error || result.status !== 0) {
      console.warn(
        `[tasker] apt-get ${args.join(' ')} failed: ${CHROMIUM_ADVICE}. The browser test will fail until then.`,
      );
      return;
    }
  }
}

function main() {
  const state = installState(ROOT);
  if (state.touchMarker) {
    const now = new Date();
    utimesSync(join(ROOT, 'node_modules', '.package-lock.json'), now, now);
  }
  if (state.install) {
    console.log(`[tasker] installing dependencies with npm ci: ${state.reason}`);
    const status = runNpmCi(ROOT);
    if (status !== 0) {
      console.error(`[tasker] npm ci failed (exit code ${status})`);
      process.exit(status);
    }
  }
  if (process.env.npm_lifecycle_event === 'pretest' || process.argv.includes('--chromium')) ensureChromium();
}

if (require.main === module) main();

module.exports = { installState, chromiumPlan };
