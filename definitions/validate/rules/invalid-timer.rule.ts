/**
 * Literal timer values must be valid ISO 8601 durations, dates or cycles (or cron for cycles). A
 * valid value in quotes (`"PT1S"`, as SpiffWorkflow writes its timers) is refused with the advice to
 * remove them.
 */
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
      if (parsed.ok) continue;
      // SpiffWorkflow writes every timer as a Python string, "PT1S": the quotes are not ISO 8601
      const unquoted = /^(["'])(.*)\1$/s.exec(text)?.[2].trim();
      const valid = unquoted !== undefined && unquoted !== '' && parseTimerValue(kind, unquoted).ok;
      ctx.report(
        'INVALID_TIMER',
        'error',
        node,
        valid
          ? `The timer ${kind} ${text} of ${describeElement(node)} is wrapped in quotes, which are not part of an ` +
              `ISO 8601 value (SpiffWorkflow writes its timers as Python strings): remove the quotes, ${unquoted}`
          : `The timer ${kind} "${value.source}" of ${describeElement(node)} is invalid: ${parsed.message}`,
      );
    }
  },
};
