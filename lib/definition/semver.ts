// semver.org's grammar without build metadata: `1.0.0+a` and `1.0.0+b` would have equal precedence
// yet be different registry keys, so build metadata is refused rather than silently ambiguous.
const IDENTIFIER = String.raw`(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const SEMVER = new RegExp(
  String.raw`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-${IDENTIFIER}(?:\.${IDENTIFIER})*)?$`,
);

/** True for `MAJOR.MINOR.PATCH` with an optional `-prerelease` (no leading zeros, no build metadata). */
export function isSemver(version: unknown): version is string {
  return typeof version === 'string' && SEMVER.test(version);
}

/**
 * Semver precedence: negative when `a` is older than `b`, positive when newer, 0 when equal.
 * A prerelease is older than its release (`1.0.0-rc.1` < `1.0.0`). Both must satisfy {@link isSemver}.
 */
export function compareSemver(a: string, b: string): number {
  const [coreA, preA] = split(a);
  const [coreB, preB] = split(b);
  for (let i = 0; i < 3; i++) {
    const order = compareNumeric(part(coreA, i, a), part(coreB, i, b));
    if (order !== 0) return order;
  }
  if (preA === undefined || preB === undefined) {
    return preA === preB ? 0 : preA === undefined ? 1 : -1;
  }
  return comparePrerelease(preA.split('.'), preB.split('.'));
}

/** The highest version by {@link compareSemver}; undefined for an empty list. */
export function newestVersion(versions: Iterable<string>): string | undefined {
  let newest: string | undefined;
  for (const version of versions) {
    if (newest === undefined || compareSemver(version, newest) > 0) newest = version;
  }
  return newest;
}

/** The `index`-th identifier of a split version; a version that fails {@link isSemver} may lack it. */
function part(parts: readonly string[], index: number, version: string): string {
  const value = parts[index];
  if (value === undefined) throw new TypeError(`Not a semantic version: ${JSON.stringify(version)}`);
  return value;
}

function split(version: string): [string[], string | undefined] {
  const dash = version.indexOf('-');
  const core = dash === -1 ? version : version.slice(0, dash);
  return [core.split('.'), dash === -1 ? undefined : version.slice(dash + 1)];
}

/** Digit strings without leading zeros: longer is bigger, so no precision loss past 2^53. */
function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: string[], b: string[]): number {
  for (const [i, left] of a.entries()) {
    const right = b[i];
    if (right === undefined) break;
    const numericA = /^\d+$/.test(left);
    const numericB = /^\d+$/.test(right);
    let order: number;
    if (numericA && numericB) order = compareNumeric(left, right);
    else if (numericA !== numericB) order = numericA ? -1 : 1;
    else order = left < right ? -1 : left > right ? 1 : 0;
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
