/** Why a heavy job did not run to the end (see pool.ts). */
import { HttpError } from '../http/httpError';

export class QueueFullError extends HttpError {
  constructor(readonly retryAfter: number) {
    super(503, `The server is busy with other heavy requests; try again in about ${retryAfter} s.`, { 'Retry-After': String(retryAfter) });
  }
}

export class BudgetExceededError extends HttpError {
  constructor(what: string, budget: number) {
    super(
      503,
      `${what}: did not finish within its ${budget} s time budget; ask for less (fewer permutations, a coarser resolution or a shorter window) or try again when the server is less busy.`,
    );
  }
}

export class JobCancelledError extends Error {
  constructor() {
    super('the client went away; the job was stopped');
  }
}
