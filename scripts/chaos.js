'use strict';
// npm run test:chaos: the chaos run (real worker processes, real signals, PostgreSQL restarted).
// Not part of npm test: it restarts the server, so nothing else may use it meanwhile.
// Sizes and timings: TASKER_CHAOS_* variables (see test/chaos/chaos-config.ts).
const { registerTypeScript } = require('./register-ts');

registerTypeScript();
require('../test/chaos/run-chaos.ts')
  .main()
  .then((code) => process.exit(code));
