'use strict';
// npm run test:chaos: the chaos run (real worker processes, real signals, PostgreSQL restarted).
// Not part of npm test. It runs its own throwaway PostgreSQL server (initdb + pg_ctl on a free port), which it restarts and removes.
// Sizes and timings: TASKER_CHAOS_* variables (see test/chaos/chaos-config.ts).
const { registerTypeScript } = require('./register-ts');

registerTypeScript();
require('../test/chaos/run-chaos.ts')
  .main()
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
