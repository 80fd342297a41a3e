import { describe, expect, it } from 'vitest';
import { foreignIdioms, undeclaredAssignments } from './script-globals';

const names = (source: string) => undeclaredAssignments(source).map((a) => a.name);

describe('undeclaredAssignments', () => {
  it.each([
    ['x = 0', ['x']],
    ['v += 1', ['v']],
    ['count++; --left', ['count', 'left']],
    ['a = b = 1', ['a', 'b']],
    ['for (i = 0; i < 3; i++) total += i', ['i', 'total']],
    ['done = True', ['done']],
    ['let x\ny = 2', ['y']],
    ['if (ok) { flag ||= true }', ['flag']],
  ])('finds the bare names %s assigns', (source, expected) => {
    expect(names(source)).toEqual(expected);
  });

  it.each([
    'var x = 0; x = 1',
    'let a = 1, b = 2; b += a',
    'const { a, b: [c] } = data; c = 2',
    'function f(n) { n = n + 1; return n } f(1)',
    'const g = (total, item = 0) => { total += item; return total }',
    'items.forEach(item => { item = null })',
    'try { risky() } catch (e) { e = null }',
    'class Counter { add(step) { step = 1 } }',
    'later = 1; var later',
    'data.count = 1; data.items[0] = 2; environment.output.x = 3; this.y = 4',
    'x == 1 && y === 2 && z >= 3 && w => w',
    '// x = 1\n/* y = 2 */ "z = 3"; `w = ${"v = 4"}`; /u = 5/.test(s)',
    'execution.setVariable("fee", amount * 0.1)',
  ])('leaves %s alone', (source) => {
    expect(names(source)).toEqual([]);
  });

  it('shows each assignment as written', () => {
    expect(undeclaredAssignments('v += 1; n++').map((a) => a.shown)).toEqual(['v += …', 'n++']);
  });

  it.each([
    ['done = True', ['True (Python)']],
    ['if (x is None) {}', []],
    ['x = None; y = False', ['None (Python)', 'False (Python)']],
    ['System.out.println("hi")', ['System (Java)']],
    ['const True = 1; data.None = { False: 1 }; True', []],
  ])('foreignIdioms finds what %s reads of other languages', (source, expected) => {
    expect(foreignIdioms(source)).toEqual(expected);
  });
});
