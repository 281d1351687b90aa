/** How the `tasker` command ends: 0 done, 1 the work failed (or found problems), 2 the command line was wrong. */
export const EXIT_OK = 0;
/** The command ran but failed: an unreachable database, an unknown task, an invalid template... */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong: unknown command or option, missing or malformed argument. */
export const EXIT_USAGE = 2;

/** One of the `tasker` exit codes. */
export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILURE | typeof EXIT_USAGE;
