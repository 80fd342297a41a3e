/**
 * A timer cycle may not repeat more often than the shortest cycle allowed (a minute unless an
 * administrator deploys with a shorter one): each firing is a case step, for every case waiting
 * on the timer, so `R/PT1S` on a boundary event of a thousand cases is a thousand steps a second.
 */
import { approximateMillis, nextCronTime, parseTimerValue, type TimerSchedule } from '../../expressions';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

/** Cron firings compared, from a fixed instant: enough to meet every gap of a day's pattern. */
const CRON_SAMPLES = 200;
const CRON_FROM = new Date(Date.UTC(2026, 0, 1));

export const shortTimerCycleRule: Rule = {
  name: 'short-timer-cycle',
  check(ctx) {
    const minimum = ctx.minTimerCycleSeconds;
    if (!(minimum > 0)) return;
    for (const node of nodesOf(ctx.graph)) {
      if (node.event?.kind !== 'timer' || node.event.timer.kind !== 'cycle') continue;
      const { value } = node.event.timer;
      // an expression: its value is known only when it runs
      if (value.error || /^\s*(=|[#$]\{)/.test(value.source)) continue;
      const parsed = parseTimerValue('cycle', value.source);
      if (!parsed.ok) continue; // reported by invalid-timer
      const seconds = shortestGapSeconds(parsed.timer, minimum);
      if (seconds === undefined || seconds >= minimum) continue;
      ctx.report(
        'TIMER_CYCLE_TOO_SHORT',
        'error',
        node,
        `The timer cycle "${value.source}" of ${describeElement(node)} repeats every ${seconds} s; ` +
          `the shortest cycle allowed is ${minimum} s: ` +
          (`repeat less often (R/PT${Math.ceil(minimum / 60)}M), ` +
            `or an administrator deploys it allowing short timer cycles`),
      );
    }
  },
};

/** The shortest time between two firings, in seconds, or undefined when it is at least `minimum`. */
function shortestGapSeconds(timer: TimerSchedule, minimum: number): number | undefined {
  if (timer.kind === 'cycle') return timer.repetitions === 1 ? undefined : approximateMillis(timer.interval) / 1000;
  if (timer.kind !== 'cron') return undefined;
  let previous = nextCronTime(timer.cron, CRON_FROM);
  for (let i = 0; previous && i < CRON_SAMPLES; i += 1) {
    const next = nextCronTime(timer.cron, previous);
    if (!next) return undefined;
    const gap = (next.getTime() - previous.getTime()) / 1000;
    if (gap < minimum) return gap;
    previous = next;
  }
  return undefined;
}
