import { beforeAll, describe, expect, it } from 'vitest';
import { withHostFunctions } from '../host-functions';
import { isJavaScript } from './language';
import {
  findScriptSyntaxError,
  loadScriptSandbox,
  runScript,
  ScriptBpmnError,
  ScriptFailure,
  type ScriptInput,
} from './sandbox';

beforeAll(() => loadScriptSandbox());

function run(body: string, extra: Partial<ScriptInput> = {}) {
  return runScript({ body, variables: {}, ...extra });
}

function failure(body: string, extra: Partial<ScriptInput> = {}): ScriptFailure {
  try {
    run(body, extra);
  } catch (error) {
    if (error instanceof ScriptFailure) return error;
    throw error;
  }
  throw new Error('the script did not fail');
}

describe('the script sandbox: values in and out', () => {
  it('gives the last expression as the value, and variables by name (Camunda 7)', () => {
    expect(run('amount * 2', { variables: { amount: 21 } }).value).toBe(42);
    expect(run('execution.getVariable("applicant").name', { variables: { applicant: { name: 'Shilan' } } }).value).toBe(
      'Shilan',
    );
  });

  it("bpmn-engine's variables and environment.output are the case's variables", () => {
    expect(run('variables.apiPath + "/orders"', { variables: { apiPath: '/api' } }).value).toBe('/api/orders');
    expect(run('environment.output.count = 1; 0', { variables: { count: 0 } }).written).toEqual({ count: 1 });
    expect(run('variables', { variables: { variables: 'mine' } }).value).toBe('mine');
  });

  it('takes the value passed to next(null, value) (bpmn-engine)', () => {
    expect(run('next(null, environment.variables.fee > 100); 7', { variables: { fee: 150 } }).value).toBe(true);
    expect(run('next(null, this.environment.variables.x)', { variables: { x: [1, 2] } }).value).toEqual([1, 2]);
  });

  it('reports what execution.setVariable wrote, as JSON data', () => {
    const outcome = run('execution.setVariable("total", 3 + 4); execution.setVariable("when", new Date(0)); 1');
    expect(outcome.written).toEqual({ total: 7, when: '1970-01-01T00:00:00.000Z' });
  });

  it('a variable changed in place is written, however the script reached it', () => {
    const variables = { order: { items: 1 }, count: 2, untouched: { a: [1] }, gone: 1 };
    const outcome = run(
      'order.items += 1; environment.variables.count = 3; this.token.data.added = "x"; ' +
        'item.data.untouched.a[0] = 1; delete environment.variables.gone; 0',
      { variables },
    );
    expect(outcome.written).toEqual({ order: { items: 2 }, count: 3, added: 'x' });
  });

  it("bpmn-server's this.x, token and item read the variables, unless a variable takes the name", () => {
    expect(
      run('this.meal == "pasta" && this.token.data.meal === item.data.meal', { variables: { meal: 'pasta' } }).value,
    ).toBe(true);
    expect(run('token', { variables: { token: 'abc' } }).value).toBe('abc');
  });

  it('a value with no JSON form becomes null; undefined is null', () => {
    expect(run('undefined').value).toBeNull();
    expect(run('(function () {})').value).toBeNull();
    expect(run('NaN').value).toBeNull();
  });
});

describe('the script sandbox: BPMN errors', () => {
  it.each([
    ['new BpmnError(code, message)', 'throw new BpmnError("NO_FUNDS", "The account is empty")', 'The account is empty'],
    ['Camunda 7', 'throw new org.camunda.bpm.engine.delegate.BpmnError("NO_FUNDS")', undefined],
    ['Flowable', 'throw new org.flowable.engine.delegate.BpmnError("NO_FUNDS")', undefined],
  ])('%s raises a BPMN error with its code, not a failure', (_, body, message) => {
    let thrown: unknown;
    try {
      run(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScriptBpmnError);
    expect(thrown).toMatchObject({ code: 'NO_FUNDS', errorMessage: message });
  });

  it('a forged mark or an empty code is an ordinary failure', () => {
    expect(failure('throw "\\u001ebpmn-error:{}"').kind).toBe('error');
    expect(failure('throw new BpmnError("")').message).toMatch(/without an error code/);
  });
});

describe('the script sandbox: errors', () => {
  it('a thrown error names its type, message and line', () => {
    const error = failure('const a = 1;\nnull.x');
    expect(error.kind).toBe('error');
    expect(error.message).toMatch(/^TypeError: .*\(line 2 of the script\)$/);
  });

  it('a method other engines give is named, with what to do instead', () => {
    expect(failure('environment.services.log("task1"); next()').message).toMatch(
      /^TypeError: environment\.services\.log is not one of the engine's host functions \(it has none\): call a service from a service task/,
    );
    expect(failure('execution.getVariableTyped("car")').message).toMatch(
      /execution\.getVariableTyped is not available in a Rebaz script; use getVariable/,
    );
  });

  it("next(error) raises a BPMN error coded by the error's code, as bpmn-engine's error boundary events catch it", () => {
    const raised = (body: string) => {
      try {
        run(body);
      } catch (error) {
        return error;
      }
      throw new Error('the script did not fail');
    };
    expect(raised('next(new Error("no fee"))')).toMatchObject({
      code: 'Error',
      message: expect.stringContaining('no fee'),
    });
    expect(raised('const e = new Error("late"); e.code = "LATE"; next(e)')).toBeInstanceOf(ScriptBpmnError);
    expect(raised('const e = new Error("late"); e.code = "LATE"; next(e)')).toMatchObject({ code: 'LATE' });
  });

  it('a result that is not JSON data (a cycle, a BigInt) is a failure', () => {
    expect(failure('const a = {}; a.a = a; a').message).toMatch(/cannot be stored as JSON/);
    expect(failure('10n').message).toMatch(/cannot be stored as JSON/);
  });

  it('finds syntax errors without running anything', () => {
    expect(findScriptSyntaxError('while (true) {}')).toBeUndefined();
    expect(findScriptSyntaxError('let x = ;\n')).toMatchObject({
      message: expect.stringMatching(/^SyntaxError/),
      line: 1,
    });
    expect(findScriptSyntaxError('1;\n2;\nif (')).toMatchObject({ line: 3 });
  });
});

describe('the script sandbox: limits', () => {
  it('stops an endless loop at its step budget', () => {
    // A deadline far away, so that a loaded machine cannot make the deadline stop it first.
    const error = failure('while (true) {}', { limits: { deadlineMs: 60_000 } });
    expect(error.kind).toBe('steps');
    expect(error.message).toMatch(/budget of 800 interpreter steps/);
    expect(failure('for (;;) { try { while (true) {} } catch (e) {} }', { limits: { deadlineMs: 60_000 } }).kind).toBe(
      'steps',
    );
  });

  it('stops an allocation past its memory', () => {
    // QuickJS undercounts some allocations; what the memory limit misses, the deadline stops.
    expect(['memory', 'time']).toContain(failure('const a = []; while (true) a.push({ n: a.length })').kind);
    expect(failure('new ArrayBuffer(1e9)').kind).toBe('memory');
    expect(failure('"x".repeat(1e9)').kind).toBe('memory');
  });

  it('stops a script past its deadline, whatever its step count', () => {
    const error = failure('while (true) {}', { limits: { steps: 1e9, deadlineMs: 50 } });
    expect(error.kind).toBe('time');
    expect(error.message).toBe('It ran longer than 50 ms and was stopped');
  });

  it('stops endless recursion', () => {
    expect(failure('function f() { return f() + 1 } f()').kind).toBe('stack');
  });

  it('refuses an output past its size', () => {
    const error = failure('"x".repeat(300 * 1024)');
    expect(error.kind).toBe('output');
    expect(error.message).toMatch(/more than the 262144/);
    expect(failure('execution.setVariable("big", "y".repeat(300 * 1024))').kind).toBe('output');
  });

  it('runs normally again after a script that hit a limit', () => {
    failure('while (true) {}');
    failure('"x".repeat(1e9)');
    expect(run('[1, 2, 3].map((n) => n * 2)').value).toEqual([2, 4, 6]);
  });
});

describe('the script sandbox: no host, no clock, no randomness', () => {
  it('has no require, process, fetch or timers; its console goes nowhere', () => {
    const kinds = run(
      '[typeof require, typeof process, typeof fetch, typeof setTimeout, typeof setInterval, ' +
        'typeof XMLHttpRequest, typeof WebAssembly, typeof importScripts, typeof Deno]',
    ).value;
    expect(kinds).toEqual(Array(9).fill('undefined'));
    expect(run('console.log("x"); console.error(new Error("y")); token.log("z"); 1').value).toBe(1);
  });

  it('its global object holds only the language and the script shapes', () => {
    const keys = run('Object.getOwnPropertyNames(globalThis)').value as string[];
    const expected = ['execution', 'environment', 'content', 'properties', 'next', 'JSON', 'Math', 'Date', 'Promise'];
    for (const key of expected) expect(keys).toContain(key);
    for (const key of ['WeakRef', 'FinalizationRegistry', 'process', 'require', 'global', 'window', 'self'])
      expect(keys).not.toContain(key);
  });

  it('a fresh context each time: globals do not leak between scripts', () => {
    run('globalThis.leak = 1; var leaked = 2');
    expect(run('[typeof leak, typeof leaked]').value).toEqual(['undefined', 'undefined']);
  });

  it('Date.now() and new Date() are the step time given; local time is UTC', () => {
    const now = new Date('2026-03-01T22:30:00.000Z');
    expect(run('[Date.now(), new Date().toISOString(), new Date().getHours(), Date()]', { now }).value).toEqual([
      now.getTime(),
      '2026-03-01T22:30:00.000Z',
      22,
      '2026-03-01T22:30:00.000Z',
    ]);
    expect(run('new Date(2026, 0, 2, 3).toISOString()').value).toBe('2026-01-02T03:00:00.000Z');
    expect(run('new Date("2026-01-02T03:04").getTime() === Date.UTC(2026, 0, 2, 3, 4)').value).toBe(true);
    expect(run('new Date(0) instanceof Date').value).toBe(true);
  });

  it('without a time given, there is no clock', () => {
    expect(failure('Date.now()').message).toMatch(/no clock/);
    expect(failure('new Date()').message).toMatch(/no clock/);
  });

  it('Math.random throws, even when reassigned in the script', () => {
    expect(failure('Math.random()').message).toMatch(/Math.random is not available/);
    expect(failure('Math.random = () => 4; Math.random()').message).toMatch(/Math.random is not available/);
  });

  it('the same script and input give the same outcome', () => {
    const body =
      'let h = 0; for (const c of JSON.stringify(environment.variables)) h = (h * 31 + c.charCodeAt(0)) | 0; h';
    const variables = { a: [1, 2, 3], b: 'ب' };
    expect(run(body, { variables }).value).toBe(run(body, { variables }).value);
  });
});

describe('isJavaScript', () => {
  it('knows the names models give JavaScript', () => {
    for (const name of ['javascript', 'JavaScript', 'js', 'ECMAScript', 'text/javascript', ' Javascript '])
      expect(isJavaScript(name)).toBe(true);
    for (const name of ['groovy', 'python', 'feel', 'juel', '', undefined, 'http://www.w3.org/1999/XPath'])
      expect(isJavaScript(name)).toBe(false);
  });
});

describe('the script sandbox: host functions', () => {
  const logged: unknown[] = [];
  const functions = {
    log: (...args: unknown[]) => {
      logged.push(args);
    },
    fee: (amount: number) => ({ due: amount * 0.1 }),
    register: { lookUp: (id: string) => id === 'DL-7' },
    broken: () => {
      throw new Error('offline');
    },
  };
  const withHost = (body: string, variables: Record<string, unknown> = {}) =>
    withHostFunctions(functions, () => runScript({ body, variables }));

  it("bpmn-engine's environment.services and this.services call them, with JSON in and out", () => {
    expect(withHost('environment.services.fee(amount).due', { amount: 200 }).value).toBe(20);
    expect(withHost('this.services.register.lookUp("DL-7")').value).toBe(true);
    withHost('environment.services.log("task1", new Date(0)); next()');
    expect(logged).toEqual([['task1', '1970-01-01T00:00:00.000Z']]);
  });

  it('a name the engine lacks, a callback or a failure is an error naming it', () => {
    const failed = (body: string) => {
      try {
        withHost(body);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('no failure');
    };
    expect(failed('environment.services.timeout(1)')).toMatch(
      /environment\.services\.timeout is not one of the engine's host functions \(log, fee, register\.lookUp, broken\)/,
    );
    expect(failed('this.services.log("x", () => next())')).toMatch(/was given a function \(a callback\)/);
    expect(failed('environment.services.broken()')).toMatch(/offline/);
  });

  it('outside a step with host functions there are none', () => {
    expect(failure('environment.services.fee(1)').message).toMatch(/it has none/);
  });
});
