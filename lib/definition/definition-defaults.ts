/** Namespace of a task that names none (also what a task request without a namespace means). */
export const DEFAULT_NAMESPACE = 'default';

/** Version of a task that names none. */
export const DEFAULT_VERSION = '0.1.0';

/** Total attempts of a step that sets no `maxAttempts` (the first run included). */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Node timers fire at once beyond 2^31−1 ms, so a longer `timeoutMs` would abort every run. */
export const MAX_TIMEOUT_MS = 2_147_483_647;
