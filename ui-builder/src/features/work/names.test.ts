import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from '../../../../engine/commands/sql/time-ordered-id';
import { referenceOf } from './names';

describe('referenceOf', () => {
  it('is the business key when the case has one', () => {
    expect(referenceOf({ id: timeOrderedUuid(), businessKey: 'CR-2026-0042' })).toBe('CR-2026-0042');
  });

  it('tells apart cases started in the same minute (ids begin with the time)', () => {
    const now = Date.UTC(2026, 4, 6, 10, 4);
    const references = Array.from({ length: 50 }, (_, i) =>
      referenceOf({ id: timeOrderedUuid(now + i * 1000), businessKey: null }),
    );
    for (const reference of references) expect(reference).toMatch(/^[0-9A-F]{8}$/);
    expect(new Set(references).size).toBe(references.length);
  });
});
