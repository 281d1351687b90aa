import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The sample's YAML templates (sample-app/templates): next to src/ when run from the sources
 * (tests), three levels up from dist/sample-app/src when run from the build (`npm start`).
 */
export function sampleTemplatesDir(): string {
  const fromSources = join(__dirname, '..', '..', 'templates');
  const fromBuild = join(__dirname, '..', '..', '..', '..', 'sample-app', 'templates');
  return existsSync(fromSources) ? fromSources : fromBuild;
}
