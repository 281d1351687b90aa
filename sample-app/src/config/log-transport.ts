import type { TransportSingleOptions } from 'pino';

/**
 * Pretty, one line per entry, on a terminal; JSON (no transport) otherwise, and also when
 * pino-pretty (a dev dependency) is not installed. Resolved to a path here: pino would look the
 * name up from its own caller's directory.
 */
export function logTransport(tty: boolean = process.stdout.isTTY === true): TransportSingleOptions | undefined {
  if (!tty) return undefined;
  try {
    return { target: require.resolve('pino-pretty'), options: { singleLine: true, colorize: true } };
  } catch {
    return undefined;
  }
}
