/** An environment variable of the sample app has a value it cannot use; `problems` names each. */
export class SampleConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid sample app environment: ${problems.join('; ')}`);
    this.name = 'SampleConfigError';
  }
}
