/**
 * FEEL's `now()` and `today()` read the wall clock inside feelin. A case's step has a time of its
 * own (the engine's injected clock, the simulator's virtual one), and an expression must see that
 * time, or the same step would decide differently when replayed, simulated or tested.
 */
import { date, dateAndTime, FeelFunction } from 'feelin';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `today()` and `now()` at the instant `at`, read in the local time zone as feelin reads the wall
 * clock; given to an expression under their own names, they replace feelin's.
 */
export function clockBuiltins(at: Date): Readonly<Record<string, unknown>> {
  const day = `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return {
    today: new FeelFunction(() => date(day), []),
    now: new FeelFunction(() => dateAndTime(`${day}T${time}@${zone}`), []),
  };
}

let evaluationTime: Date | undefined;

/**
 * Runs `work` with FEEL's `now()` and `today()` at `at`: a runtime step is synchronous, so every
 * expression it evaluates sees the step's time, wherever in the token semantics it is evaluated.
 */
export function atEvaluationTime<T>(at: Date, work: () => T): T {
  const before = evaluationTime;
  evaluationTime = at;
  try {
    return work();
  } finally {
    evaluationTime = before;
  }
}

/** The clock functions an expression needs: none unless it names `now` or `today` inside a step. */
export function clockFor(feel: string): Readonly<Record<string, unknown>> | undefined {
  return evaluationTime && /\b(?:now|today)\b/.test(feel) ? clockBuiltins(evaluationTime) : undefined;
}
