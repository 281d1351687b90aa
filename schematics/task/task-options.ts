/** The options of the `task` schematic, as the schematics engine passes them. */
export interface TaskSchematicOptions {
  /** `namespace/name`, or `name` alone (namespace `default`). */
  name: string;
  /** Step names, comma-separated (or a list). */
  steps?: string | string[];
  /** `step:parent` pairs, comma-separated (or a list). */
  depends?: string | string[];
  yaml?: boolean;
  path?: string;
  sourceRoot?: string;
  flat?: boolean;
  spec?: boolean;
  specFileSuffix?: string;
  language?: string;
}
