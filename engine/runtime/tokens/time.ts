/** Date arithmetic for due dates, through the definitions' ISO 8601 helpers. */
import { addIsoDuration, parseIsoDuration } from '../../../definitions/expressions';

export function addDurationText(from: Date, text: string): Date | undefined {
  const duration = parseIsoDuration(text);
  return duration ? addIsoDuration(from, duration) : undefined;
}
