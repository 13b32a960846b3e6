/**
 * Named store errors. The DynamoDB implementation maps each ConditionalCheckFailedException to one of these
 * after re-reading the item, so callers (and the HTTP error handler) can say exactly what went wrong.
 */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The item does not exist (or is not visible yet, e.g. a run still being written). */
export class NotFoundError extends StoreError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** An item that must be written once already exists (a published version, a part with other content). */
export class AlreadyExistsError extends StoreError {
  constructor(message: string) {
    super('already_exists', message);
  }
}

/** The caller's revision is not the stored one any more: someone else changed it first. */
export class StaleRevisionError extends StoreError {
  constructor(
    message: string,
    readonly currentRevision?: number,
  ) {
    super('stale_revision', message);
  }
}

/** Four-eyes rule: the same person may not both prepare and approve/publish. */
export class SamePersonError extends StoreError {
  constructor(message: string) {
    super('same_person', message);
  }
}

/** The item is in a state that forbids the operation (sealed dataset, approved run, published draft…). */
export class StateConflictError extends StoreError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** An idempotency key was reused for a different request. */
export class IdempotencyConflictError extends StoreError {
  constructor(message: string) {
    super('idempotency_conflict', message);
  }
}

/** The item would exceed what one DynamoDB item holds (400 KB); the caller must send less. */
export class TooLargeError extends StoreError {
  constructor(message: string) {
    super('too_large', message);
  }
}
