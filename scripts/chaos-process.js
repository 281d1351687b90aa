'use strict';
// One process of the chaos run (a worker or the creator), forked by test/chaos/chaos-child.ts.
// The runner restarts these processes dozens of times: transpiled sources are cached on disk
// (CHAOS_TS_CACHE), so a restart costs a Nest boot, not a transpilation of the whole library.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { registerTypeScript } = require('./register-ts');

registerTypeScript();
const cacheDir = process.env.CHAOS_TS_CACHE;
if (cacheDir) {
  mkdirSync(cacheDir, { recursive: true });
  const transpileAndRun = require.extensions['.ts'];
  require.extensions['.ts'] = (module, filename) => {
    const key = createHash('sha1')
      .update(`${filename}\0${readFileSync(filename, 'utf8')}`)
      .digest('hex');
    const file = join(cacheDir, `${key}.js`);
    let cached;
    try {
      cached = readFileSync(file, 'utf8');
    } catch {
      cached = undefined;
    }
    if (cached !== undefined) return module._compile(cached, filename);
    const compile = module._compile;
    module._compile = function (output, name) {
      // Write then rename: processes booting together never read a half-written file.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, output);
      renameSync(partial, file);
      module._compile = compile;
      return compile.call(this, output, name);
    };
    return transpileAndRun(module, filename);
  };
}

require('../test/chaos/chaos-process.ts')
  .main()
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
