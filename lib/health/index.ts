// Health indicators of Tasker for terminus, and the thresholds of its status check.
export { TaskerHealthIndicator, TASKER_HEALTH_TIMEOUT_MS } from './tasker.health';
export { MAX_ERROR_RATE_PERCENT, MAX_POOL_UTILIZATION } from './status-problems';
