#!/usr/bin/env node
'use strict';
// Runs `npm ci` when node_modules is missing or older than package-lock.json, so that `npm start` and
// `npm test` work on a fresh clone (and after a pull that changed the lockfile) with no other step.
// Wired as the `prestart` and `pretest` scripts. Uses nothing outside Node itself: it runs before
// anything is installed.
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

function main() {
  const state = installState(ROOT);
  if (state.touchMarker) {
    const now = new Date();
    utimesSync(join(ROOT, 'node_modules', '.package-lock.json'), now, now);
  }
  if (!state.install) return;
  console.log(`[tasker] installing dependencies with npm ci: ${state.reason}`);
  const status = runNpmCi(ROOT);
  if (status !== 0) {
    console.error(`[tasker] npm ci failed (exit code ${status})`);
    process.exit(status);
  }
}

if (require.main === module) main();

module.exports = { installState };
