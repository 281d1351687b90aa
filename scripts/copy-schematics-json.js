'use strict';
// tsc emits only JavaScript: the schematics collection and its option schemas (JSON) are copied
// next to the compiled factories, where collection.json's relative paths expect them. Silent:
// `npm pack --json` runs the build and its stdout must stay JSON.
const { cpSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'schematics');
const target = join(root, 'dist', 'schematics');

for (const entry of readdirSync(source, { recursive: true, encoding: 'utf8' })) {
  if (!entry.endsWith('.json')) continue;
  cpSync(join(source, entry), join(target, entry));
}
