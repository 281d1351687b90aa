export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** The q-quantile of sorted values, linearly interpolated between closest ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = sorted[Math.floor(position)];
  const upper = sorted[Math.ceil(position)];
  // None for an empty list (nor for a q outside [0, 1]).
  if (lower === undefined || upper === undefined) return Number.NaN;
  return lower + (upper - lower) * (position - Math.floor(position));
}

export function distribution(values: readonly number[], digits = 3): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number): number => Number(value.toFixed(digits));
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    p50: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.length === 0 ? Number.NaN : sum / sorted.length),
  };
}

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export function round(value: number | undefined, digits: number): number | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  return Number(value.toFixed(digits));
}
