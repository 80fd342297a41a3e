import { describe, expect, it } from 'vitest';
import { mappingsToSend, proposeMappings } from './proposed-mappings';

describe('proposed mappings', () => {
  it('maps each waiting element by id when the new version has it, busiest first', () => {
    const proposal = proposeMappings(
      [
        { elementId: 'Pay', cases: 2 },
        { elementId: 'Review', cases: 7 },
        { elementId: 'Check', cases: 2 },
      ],
      new Set(['Review', 'Pay', 'LegalCheck']),
    );
    expect(proposal).toEqual([
      { from: 'Review', to: 'Review', cases: 7 },
      { from: 'Check', to: null, cases: 2 },
      { from: 'Pay', to: 'Pay', cases: 2 },
    ]);
  });

  it('sends only the mappings that name another element', () => {
    expect(
      mappingsToSend([
        { from: 'Review', to: 'Review' },
        { from: 'Check', to: ' LegalCheck ' },
        { from: 'Pay', to: '' },
      ]),
    ).toEqual([{ from: 'Check', to: 'LegalCheck' }]);
  });
});
