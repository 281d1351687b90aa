/**
 * Who performs an operator action (`cancelTask`, `retryStep`, `resolveStepManually`) and why; both
 * are recorded with the transitions the action writes.
 * @publicApi
 */
export interface OperatorActionOptions {
  /** Who acts: a user name, a service, a ticket. At most 128 characters. Default `'operator'`. */
  actor?: string;
  /** Why, in a sentence. At most 256 characters. */
  reason?: string;
}

/** The operator actions. */
export type OperatorAction = 'cancel' | 'retry' | 'resolve';

/**
 * What a transition made by an operator action holds in its `metadata` column
 * (`task_transitions`, `step_transitions`); engine-made transitions hold null there and name their
 * worker instead.
 * @publicApi
 */
export interface OperatorActionRecord {
  by: 'operator';
  actor: string;
  action: OperatorAction;
  reason?: string;
}
