// Types of scripts/ensure-installed.js, for its spec.

/** Whether the project at `root` needs `npm ci`, and why; `touchMarker` when only timestamps disagree. */
export function installState(root?: string): { install: boolean; reason?: string; touchMarker?: boolean };
