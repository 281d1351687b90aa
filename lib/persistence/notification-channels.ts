/** Channel on which "steps became ready" is announced (one per schema, so schemas never cross-wake). Payload: the announcer. */
export const readyChannel = (schema: string): string => `${schema}_ready`;

/** Channel on which task cancellations are announced, so every worker aborts its runs. Payload: the task id. */
export const cancelChannel = (schema: string): string => `${schema}_cancel`;
