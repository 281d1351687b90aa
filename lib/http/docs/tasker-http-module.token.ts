/**
 * Token of the module class whose routes the OpenAPI document describes (TaskerHttpModule, given
 * as a value so that the document's builder need not import the module that provides it).
 */
export const TASKER_HTTP_MODULE_CLASS = 'TASKER_HTTP_MODULE_CLASS';
