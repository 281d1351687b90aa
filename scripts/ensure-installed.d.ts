// Types of scripts/ensure-installed.js, for its spec.

/** Whether the project at `root` needs `npm ci`, and why; `touchMarker` when only timestamps disagree. */
export function installState(root?: string): { install: boolean; reason?: string; touchMarker?: boolean };

/** What to do about the Chromium of the browser test, from the facts of this machine. */
export function chromiumPlan(facts: {
  chromiumPath: string | undefined;
  exists: (path: string) => boolean;
  isRoot: boolean;
  hasAptGet: boolean;
}): { action: 'none' | 'install' } | { action: 'advise'; message: string };
