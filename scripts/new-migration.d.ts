// Types of scripts/new-migration.js, for the migration specs.

/** `replace-expire-leases` + `1764403200005` → `ReplaceExpireLeases1764403200005`. */
export function className(name: string, timestamp: string): string;

/** The newest timestamp among the migration classes in `root` (default migrations/) plus one. */
export function nextTimestamp(root?: string): string;
