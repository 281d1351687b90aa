#!/usr/bin/env node
// The `tasker` executable (package.json "bin"). All logic is in run-cli.ts, which tests call too.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { PROCESS_IO } from './cli-io';
import { runCli } from './run-cli';

// The library's own log lines (boot, shutdown) are not the CLI's output; failures reach the user as errors.
Logger.overrideLogger(false);

void runCli(process.argv.slice(2), PROCESS_IO).then((code) => {
  process.exitCode = code;
});
