import { expect } from 'vitest';
import { FetchError } from '../../shared/errors.js';

/** The FetchError a fetch rejected with; fails the test when it resolved or rejected with something else. */
export async function fetchFailure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}
