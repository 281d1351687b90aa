'use strict';
// One process of the chaos run (a worker or the creator), forked by test/chaos/chaos-child.ts.
// The runner restarts these processes dozens of times: transpiled sources are cached on disk
// (CHAOS_TS_CACHE), so a restart costs a Nest boot, not a transpilation of the whole library.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');
const { registerTypeScript } = require('./register-ts');

const cacheDir = process.env.CHAOS_TS_CACHE;
if (cacheDir) {
  mkdirSync(cacheDir, { recursive: true });
  const transpile = ts.transpileModule;
  ts.transpileModule = (source, options) => {
    const key = createHash('sha1').update(`${options.fileName}\0${source}`).digest('hex');
    const file = join(cacheDir, `${key}.js`);
    try {
      return { outputText: readFileSync(file, 'utf8'), diagnostics: [] };
    } catch {
      const output = transpile(source, options);
      // Write then rename: processes booting together never read a half-written file.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, output.outputText);
      renameSync(partial, file);
      return output;
    }
  };
}

registerTypeScript();
require('../test/chaos/chaos-process.ts')
  .main()
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
