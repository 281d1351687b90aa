// The only module of lib/ that imports migrations/ (npm run lint:deps enforces it). Migrations are
// frozen once released and never import lib/, so everything lib/ needs from them passes here.

export { TASKER_MIGRATIONS } from '../../migrations';
export { isValidSchemaName } from '../../migrations/tasker-schema';
