import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What the CLI reads from the package's own package.json. */
export interface PackageInfo {
  version: string;
  /** The lowest Node.js version `engines.node` (`>=x.y.z`) allows. */
  minimumNode: string;
}

/**
 * Reads nestjs-tasker's package.json, found upward from this file (it sits at a different depth
 * from the sources than from the build output).
 */
export function packageInfo(from: string = __dirname): PackageInfo {
  for (let directory = from; ; directory = dirname(directory)) {
    const file = join(directory, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
        name?: string;
        version?: string;
        engines?: { node?: string };
      };
      if (manifest.name === 'nestjs-tasker') {
        const minimumNode = /(\d+\.\d+\.\d+)/.exec(manifest.engines?.node ?? '')?.[1] ?? '0.0.0';
        return { version: manifest.version ?? '0.0.0', minimumNode };
      }
    }
    if (dirname(directory) === directory) throw new Error(`nestjs-tasker's package.json not found above ${from}`);
  }
}
