/**
 * Edit distance between two names, case-insensitive, counting an insertion, a deletion, a
 * substitution or a swap of two neighbouring letters as one edit (optimal string alignment), so
 * `maxx`, `mxa` and `Max` are each one edit from `max`.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const width = t.length + 1;
  // One row per prefix of s, laid end to end: cell (i, j) holds the distance between the first
  // i letters of s and the first j letters of t.
  const cells = new Array<number>((s.length + 1) * width).fill(0);
  const at = (i: number, j: number): number => {
    const value = cells[i * width + j];
    if (value === undefined)
      throw new RangeError(`editDistance: no cell (${i}, ${j}) in a ${s.length + 1}×${width} table`);
    return value;
  };
  for (let i = 0; i <= s.length; i++) cells[i * width] = i;
  for (let j = 1; j <= t.length; j++) cells[j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      cells[i * width + j] = best;
    }
  }
  return at(s.length, t.length);
}

/** How many edits still count as a near miss of a name this long (short names tolerate one). */
export function nearMissThreshold(name: string): number {
  return name.length <= 4 ? 1 : 2;
}
