'use strict';
// Runs the `tasker` CLI from the TypeScript sources, without a build (the tests spawn it this way).
// With TASKER_TS_CACHE set, transpiled files are kept there, so each run costs a boot, not a
// transpilation of the whole library.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { registerTypeScript } = require('./register-ts');

registerTypeScript();
const cacheDir = process.env.TASKER_TS_CACHE;
if (cacheDir) {
  mkdirSync(cacheDir, { recursive: true });
  const transpileAndRun = require.extensions['.ts'];
  require.extensions['.ts'] = (module, filename) => {
    const source = readFileSync(filename, 'utf8');
    const file = join(cacheDir, `${createHash('sha1').update(`${filename}\0${source}`).digest('hex')}.js`);
    let cached;
    try {
      cached = readFileSync(file, 'utf8');
    } catch {
      cached = undefined;
    }
    if (cached !== undefined) return module._compile(cached, filename);
    const compile = module._compile;
    module._compile = function (output, name) {
      // Write then rename: runs started together never read a half-written file.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, output);
      renameSync(partial, file);
      return compile.call(this, output, name);
    };
    return transpileAndRun(module, filename);
  };
}
require('../cli/main.ts');
