/** A snapshot of Tasker's connection pool (the shape of `TaskerDatabase.poolStats()`). */
export interface PoolSample {
  /** Connections the pool may open (`database.poolSize`). */
  size: number;
  /** Connections checked out now. */
  busy: number;
  /** Open connections not checked out (informational: free = size − busy, since the pool opens lazily). */
  idle?: number;
  /** Callers queued for a connection (informational). */
  waiting?: number;
}
