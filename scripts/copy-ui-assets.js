#!/usr/bin/env node
'use strict';
// Part of `npm run build`: tsc compiles the TypeScript only, so the dashboard's static files
// (lib/http/ui/assets: HTML, CSS and browser scripts, served as they are) are copied next to the
// compiled controller, where it looks for them (dist/lib/http/ui/assets).
const { cpSync, existsSync, mkdirSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SOURCE = join(ROOT, 'lib', 'http', 'ui', 'assets');
const TARGET = join(ROOT, 'dist', 'lib', 'http', 'ui', 'assets');

function main() {
  if (!existsSync(SOURCE)) throw new Error(`No dashboard files at ${SOURCE}`);
  rmSync(TARGET, { recursive: true, force: true });
  mkdirSync(TARGET, { recursive: true });
  const files = readdirSync(SOURCE).filter((file) => /\.(html|css|js)$/.test(file));
  // Silent: `npm pack --json` runs the build (prepare) and its stdout must stay JSON.
  for (const file of files) cpSync(join(SOURCE, file), join(TARGET, file));
}

main();
