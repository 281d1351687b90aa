/** Injection token of the resolved options (every default applied). @publicApi */
export const TASKER_OPTIONS = 'TASKER_RESOLVED_OPTIONS';

/** Name under which Tasker's own TypeORM data source is registered (`@InjectDataSource(TASKER_DATA_SOURCE_NAME)`). @publicApi */
export const TASKER_DATA_SOURCE_NAME = 'tasker';
