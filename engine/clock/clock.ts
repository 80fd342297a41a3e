/**
 * The engine's only source of time. Commands, due dates and the scheduler read `clock.now()`,
 * so tests move time forward with a ManualClock instead of waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until a test moves it. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2030-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves forward by milliseconds. */
  advance(ms: number): Date {
    if (ms < 0) throw new RangeError('A ManualClock only moves forward');
    this.current += ms;
    return this.now();
  }

  /** Moves to an instant (never backwards). */
  set(to: Date | string): Date {
    return this.advance(new Date(to).getTime() - this.current);
  }
}
