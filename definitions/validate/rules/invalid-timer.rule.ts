/** Literal timer values must be valid ISO 8601 durations, dates or cycles (or cron for cycles). */
import { parseTimerValue } from '../../expressions';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const invalidTimerRule: Rule = {
  name: 'invalid-timer',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if (node.event?.kind !== 'timer') continue;
      const { kind, value } = node.event.timer;
      if (value.error) continue; // reported by invalid-expression
      if (value.source === '') {
        ctx.report(
          'INVALID_TIMER',
          'error',
          node,
          `${describeElement(node)} has no timer value: set a ${kind} such ` +
            `as ${kind === 'date' ? '2030-01-01T09:00:00Z' : kind === 'cycle' ? 'R3/PT10M' : 'PT15M'}`,
        );
        continue;
      }
      // FEEL, checked at runtime; `=P14D` reads a variable named P14D (in Zeebe too), which is rarely meant
      const text = value.source.trim();
      if (/^=\s*R?\d*\/?P(?:\d+[YMWD])*(?:T(?:\d+[HMS])+)?\s*$/.test(text) && /\d/.test(text))
        ctx.report(
          'TIMER_READS_VARIABLE',
          'warning',
          node,
          `The timer ${kind} "${text}" of ${describeElement(node)} is FEEL after "=", where ${text.slice(1).trim()} is ` +
            `a variable's name, not a duration: write ${text.slice(1).trim()} without "=", or = duration("${text.slice(1).trim()}")`,
        );
      if (text.startsWith('=') || /^[#$]\{/.test(text)) continue;
      const parsed = parseTimerValue(kind, value.source);
      if (!parsed.ok)
        ctx.report(
          'INVALID_TIMER',
          'error',
          node,
          `The timer ${kind} "${value.source}" of ${describeElement(node)} is invalid: ${parsed.message}`,
        );
    }
  },
};
