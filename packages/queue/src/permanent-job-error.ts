/**
 * Thrown by a job processor when retrying cannot help (bad job data, a 404 from the provider, missing
 * credentials): the consumer fails the job at once instead of spending its retries.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}
