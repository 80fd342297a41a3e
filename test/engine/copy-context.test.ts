import { describe, expect, it } from 'vitest';
import { copyContext } from '../../engine/runtime/tokens/react';

describe('copying a case context', () => {
  it('copies plain data deeply, so that a step never changes the context it was given', () => {
    const context = {
      seq: 3,
      waits: { 'Review#2': { candidateGroups: ['bench'], dueAt: null } },
      scopes: { root: { variables: { amount: 100, tags: [{ a: 1 }], missing: undefined } } },
    };
    const copy = copyContext(context);
    expect(copy).toEqual(context);
    copy.waits['Review#2'].candidateGroups.push('other');
    copy.scopes.root.variables.tags[0].a = 2;
    expect(context.waits['Review#2'].candidateGroups).toEqual(['bench']);
    expect(context.scopes.root.variables.tags[0].a).toBe(1);
    expect(Object.keys(copy.scopes.root.variables)).toContain('missing');
  });

  it('copies what is not plain data as structuredClone does', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const copy = copyContext({ variables: { at, since: [at] } });
    expect(copy.variables.at).toBeInstanceOf(Date);
    expect(copy.variables.at).not.toBe(at);
    expect(copy.variables.at.getTime()).toBe(at.getTime());
    expect(copy.variables.since[0]).toEqual(at);
    expect(() =>
      copyContext({
        variables: {
          callback: new (class {
            f = () => 1;
          })(),
        },
      }),
    ).toThrow();
  });
});
