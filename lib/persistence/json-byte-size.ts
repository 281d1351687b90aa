/**
 * The size in UTF-8 bytes of JSON text when it exceeds `maxBytes`, else undefined. Cheap for the
 * common small value: a UTF-16 code unit takes 1 to 3 bytes (a surrogate pair 4 for 2 units), so
 * text of at most `maxBytes / 3` units cannot exceed the limit and is not scanned.
 */
export function oversizedJsonBytes(text: string, maxBytes: number): number | undefined {
  if (text.length * 3 <= maxBytes) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > maxBytes ? bytes : undefined;
}

/** A byte count for messages: `5242892 bytes (5.0 MiB)`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${bytes} bytes (${value.toFixed(1)} ${units[unit]})`;
}
