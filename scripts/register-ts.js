'use strict';
// Lets plain Node `require()` the project's TypeScript sources (lib/, migrations/) without a build:
// each .ts file is transpiled on load with TypeScript's own `transpileModule`, using tsconfig.json's
// options but emitting CommonJS. No type checking (tsc and the tests do that), so it works even while
// some other file of the project does not type-check, and it needs only the `typescript` dev dependency.
// Decorator metadata is emitted as under ts-jest's isolatedModules, which is what the tests run.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

let registered = false;

/** Installs the `.ts` loader once per process. */
function registerTypeScript(projectRoot = join(__dirname, '..')) {
  if (registered) return;
  const configPath = join(projectRoot, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions ?? {}, projectRoot, configPath);
  const compilerOptions = {
    ...options,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: undefined,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
    noEmit: false,
  };
  require.extensions['.ts'] = (module, filename) => {
    const source = readFileSync(filename, 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
    module._compile(outputText, filename);
  };
  registered = true;
}

module.exports = { registerTypeScript };
