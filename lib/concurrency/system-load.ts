// Pure: the system-load figure of the concurrency limit ("C_load", the original's
// StepExecutor#calculate_base_concurrency), from the share of active tasks and steps. No Nest or database imports.

import type { ConcurrencyBounds } from './concurrency-bounds';
import { requireCount } from './concurrency-numbers';

/** The counts the load figure reads (a subset of `system_health_counts()`). */
export interface LoadCounts {
  totalTasks: number;
  pendingTasks: number;
  inProgressTasks: number;
  totalSteps: number;
  pendingSteps: number;
  inProgressSteps: number;
}

/** Which band the combined load falls in. */
export type SystemLoadTier = 'low' | 'moderate' | 'high';

/** The load figure and how it was reached. */
export interface LoadFigure {
  /** (pending + in_progress tasks) / max(total tasks, 1). */
  taskLoad: number;
  /** (pending + in_progress steps) / max(total steps, 1). */
  stepLoad: number;
  /** 0.3 × taskLoad + 0.7 × stepLoad, rounded to 6 decimals (so 0.3 and 0.6 land in their tier). */
  combined: number;
  tier: SystemLoadTier;
  /** low → max; moderate → round((max − min) × 0.6 + min); high → min + 1 (before the final clamp). */
  figure: number;
}

/** Weights of the task and step loads in the combined load. */
export const SYSTEM_LOAD_WEIGHTS = { tasks: 0.3, steps: 0.7 } as const;

/** Upper bounds (inclusive) of the combined load per tier; above the last one the load is high. */
export const SYSTEM_LOAD_THRESHOLDS = { low: 0.3, moderate: 0.6 } as const;

/** Where the moderate tier sits between min and max. */
export const MODERATE_LOAD_POSITION = 0.6;

/** The tier of a combined load (inclusive upper bounds: 0.3 is low, 0.6 moderate). */
export function systemLoadTier(combined: number): SystemLoadTier {
  if (combined <= SYSTEM_LOAD_THRESHOLDS.low) return 'low';
  if (combined <= SYSTEM_LOAD_THRESHOLDS.moderate) return 'moderate';
  return 'high';
}

/** The limit a tier stands for, before the final clamp. */
export function systemLoadTierLimit(tier: SystemLoadTier, bounds: ConcurrencyBounds): number {
  switch (tier) {
    case 'low':
      return bounds.max;
    case 'moderate':
      return Math.round((bounds.max - bounds.min) * MODERATE_LOAD_POSITION + bounds.min);
    case 'high':
      return bounds.min + 1;
  }
}

/**
 * The system-load figure. `min`/`max` are `concurrency.min`/`concurrency.max`, as in the original
 * (`min_concurrent_steps`, `max_concurrent_steps_limit`).
 *
 * One deliberate change: the original floored the active count at 1
 * (`max(in_progress + pending, 1) / max(total, 1)`), so an empty or idle database measured a load
 * of 1.0 and got `min + 1`. Here nothing active means a load of 0 (→ `max`).
 *
 * Known limit, kept on purpose: the denominators are all rows ever kept, so as finished history
 * accumulates the ratios tend to 0 and the tier is almost always `low` (→ `max`). The figure
 * only bites while active work is a large share of the stored rows (young or purged databases,
 * big bursts). See the provider's TSDoc for why this is not "fixed" with another denominator.
 */
export function systemLoadFigure(counts: LoadCounts, bounds: ConcurrencyBounds): LoadFigure {
  const taskLoad = ratio(
    requireCount('pendingTasks', counts.pendingTasks) + requireCount('inProgressTasks', counts.inProgressTasks),
    requireCount('totalTasks', counts.totalTasks),
  );
  const stepLoad = ratio(
    requireCount('pendingSteps', counts.pendingSteps) + requireCount('inProgressSteps', counts.inProgressSteps),
    requireCount('totalSteps', counts.totalSteps),
  );
  const combined =
    Math.round((SYSTEM_LOAD_WEIGHTS.tasks * taskLoad + SYSTEM_LOAD_WEIGHTS.steps * stepLoad) * 1e6) / 1e6;
  const tier = systemLoadTier(combined);
  return { taskLoad, stepLoad, combined, tier, figure: systemLoadTierLimit(tier, bounds) };
}

function ratio(active: number, total: number): number {
  return active / Math.max(total, 1);
}
