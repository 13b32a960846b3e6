import type { Coded } from '../../domain/problems';

/**
 * Named store errors. The DynamoDB implementation maps each ConditionalCheckFailedException to one of these
 * after re-reading the item, so callers (and the HTTP error handler) can say exactly what went wrong.
 */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    /** What a person reads: a catalogue code and its parameters (messages/api.ts). */
    readonly text: Coded,
  ) {
    super(text.params ? `${text.code} ${JSON.stringify(text.params)}` : text.code);
    this.name = new.target.name;
  }
}

/** The item does not exist (or is not visible yet, e.g. a run still being written). */
export class NotFoundError extends StoreError {
  constructor(text: Coded) {
    super('not_found', text);
  }
}

/** An item that must be written once already exists (a published version, a part with other content). */
export class AlreadyExistsError extends StoreError {
  constructor(text: Coded) {
    super('already_exists', text);
  }
}

/** The caller's revision is not the stored one any more: someone else changed it first. */
export class StaleRevisionError extends StoreError {
  constructor(
    text: Coded,
    readonly currentRevision?: number,
  ) {
    super('stale_revision', text);
  }
}

/** Four-eyes rule: the same person may not both prepare and approve/publish. */
export class SamePersonError extends StoreError {
  constructor(text: Coded) {
    super('same_person', text);
  }
}

/** The item is in a state that forbids the operation (sealed dataset, approved run, published draft…). */
export class StateConflictError extends StoreError {
  constructor(code: string, text: Coded) {
    super(code, text);
  }
}

/** An idempotency key was reused for a different request. */
export class IdempotencyConflictError extends StoreError {
  constructor(text: Coded) {
    super('idempotency_conflict', text);
  }
}

/** The item would exceed what one DynamoDB item holds (400 KB); the caller must send less. */
export class TooLargeError extends StoreError {
  constructor(text: Coded) {
    super('too_large', text);
  }
}
