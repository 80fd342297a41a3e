/**
 * The errors engine commands and queries throw. Each maps to one GraphQL code (NOT_FOUND,
 * FORBIDDEN, CONFLICT, VALIDATION, LIMIT_EXCEEDED) and carries a message that says what to do next.
 */

export type EngineErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'VALIDATION' | 'LIMIT_EXCEEDED';

export abstract class EngineError extends Error {
  abstract readonly code: EngineErrorCode;
}

/** The record does not exist, or the actor may not know that it does. */
export class NotFoundError extends EngineError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';

  constructor(
    readonly entity: string,
    readonly id: string,
    hint = '',
  ) {
    super(`${entity} "${id}" was not found${hint ? `; ${hint}` : ''}`);
  }
}

export class ForbiddenError extends EngineError {
  override readonly name = 'ForbiddenError';
  readonly code = 'FORBIDDEN';
}

/** The command collided with the state of the case: retry, or reload and decide again. */
export class ConflictError extends EngineError {
  override readonly name: string = 'ConflictError';
  readonly code = 'CONFLICT';

  static concurrent(subject: string, options?: { cause?: unknown }): ConflictError {
    return new ConflictError(
      `${subject} was changed by another command at the same time; reload it and try again`,
      options,
    );
  }
}

/** A message id already published under that name and correlation key, within the message's time to live. */
export class MessageIdTakenError extends ConflictError {
  override readonly name = 'MessageIdTakenError';

  constructor(name: string, messageId: string, how: 'correlated' | 'buffered') {
    super(
      `A message "${name}" with id "${messageId}" and this correlation key was already ${how}; each message id ` +
        'is accepted once per name and correlation key while the first message lives (its time to live); ' +
        'send a new message with a new id',
    );
  }
}

export class TaskAlreadyCompletedError extends ConflictError {
  override readonly name = 'TaskAlreadyCompletedError';

  constructor(
    readonly taskId: string,
    readonly elementId: string,
    status: string,
    completedBy?: string | null,
  ) {
    super(
      `Task "${elementId}" (${taskId}) is ` +
        `already ${status.toLowerCase()}${completedBy ? ` by ${completedBy}` : ''}; ` +
        `reload the inbox to see what is open now`,
    );
  }
}

export interface FieldError {
  /** Dotted path of the field, e.g. `applicant.email`. */
  path: string;
  message: string;
}

/** The input breaks a rule; `fields` names each offending field. */
export class ValidationError extends EngineError {
  override readonly name = 'ValidationError';
  readonly code = 'VALIDATION';

  constructor(
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }

  static ofFields(subject: string, fields: FieldError[]): ValidationError {
    const list = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    return new ValidationError(
      `${subject} has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}: ${list}`,
      fields,
    );
  }
}

/**
 * The input is more than the server accepts (engine/limits): names the limit, the setting that
 * changes it and where it was passed; sending less is the fix, or an operator raises the setting.
 */
export class LimitExceededError extends EngineError {
  override readonly name = 'LimitExceededError';
  readonly code = 'LIMIT_EXCEEDED';

  constructor(
    /** The limit's name, e.g. `valueBytes`. */
    readonly limit: string,
    /** The environment variable that sets it, e.g. `REBAZ_MAX_VALUE_BYTES`. */
    readonly setting: string,
    readonly max: number,
    what: string,
    /** The variable (or field) that passed it; empty for the whole input. */
    readonly path = '',
  ) {
    super(
      `${what}; the limit is ${max} (${limit}, set by ${setting}): send less, or ask the operator to raise ${setting}`,
    );
  }
}
