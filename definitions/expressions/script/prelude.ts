/**
 * The JavaScript that runs inside the sandbox before a model's script, in the same fresh context.
 * It reads the input (JSON text), makes the context deterministic, gives the script the shapes
 * other engines give their scripts, and returns `finish`, which turns the script's outcome into
 * JSON text. It is data to the host: the script can change anything here, and only changes its
 * own output, which the host reads as untrusted JSON.
 *
 * - Camunda 7: variables by name, `execution.getVariable` / `setVariable`, the last expression's
 *   value as the result (stored in `camunda:resultVariable`).
 * - bpmn-engine: `variables`, `environment.variables` and `environment.output` (all the case's variables),
 *   `environment.services` and `this.services` (the engine's host functions, through the bridge `host`),
 *   `this.environment`, `content`, `next(error, value)`.
 * - bpmn-server: `this.x` for the variable x, `this.token.data` / `item.data`, `token.log`, `console.log`.
 * - Camunda 7 (Nashorn, GraalJS): `print`, which logs as `console.log` does.
 * - A variable changed in place counts as written, however the script reached it.
 * - `throw new BpmnError(code, message)` (also `org.camunda.bpm.engine.delegate.BpmnError` and
 *   Flowable's and Activiti's) raises a BPMN error at a script task, which its boundary catches.
 * - Determinism: `Date.now()` and `new Date()` are the step's time (none where no time is given),
 *   dates read and print in UTC whatever the machine's zone, `Math.random` throws, `WeakRef` and
 *   `FinalizationRegistry` (which depend on the collector) are removed.
 */
export const PRELUDE = String.raw`(function install(inputJson, host) {
  'use strict';
  const input = JSON.parse(inputJson);
  const stringify = JSON.stringify;
  const hasOwn = (object, name) => Object.prototype.hasOwnProperty.call(object, name);
  const g = globalThis;
  const variables = input.variables;
  // No prototype: a setter the script puts on Object.prototype cannot swallow a write.
  const written = Object.create(null);
  let nextCalled = false;
  let nextError = null;
  let nextValue;

  delete g.WeakRef;
  delete g.FinalizationRegistry;
  Object.defineProperty(Math, 'random', {
    value: function random() {
      throw new Error('Math.random is not available: a script must give the same result every time it runs');
    },
    writable: false,
    configurable: false,
  });
  installDate(input.now);

  function setVariable(name, value) {
    if (typeof name !== 'string' || name === '') throw new TypeError('execution.setVariable needs a variable name');
    written[name] = value === undefined ? null : value;
    variables[name] = value;
  }
  const execution = {
    getVariable: (name) => (hasOwn(variables, name) ? variables[name] : null),
    getVariables: () => variables,
    hasVariable: (name) => hasOwn(variables, name),
    setVariable,
    setVariables(values) {
      for (const name of Object.keys(values || {})) setVariable(name, values[name]);
    },
    getCurrentActivityId: () => input.elementId,
    getActivityId: () => input.elementId,
  };
  // A method other engines give (Camunda Spin's getVariableTyped, bpmn-engine's services) is
  // named in the error, rather than QuickJS's bare "not a function".
  const named = (object, path, advice) =>
    new Proxy(object, {
      get(target, name) {
        if (typeof name !== 'string' || hasOwn(target, name) || name in Object.prototype) return target[name];
        return function missing() {
          throw new TypeError(path + '.' + name + ' is not available in a Rebaz script; ' + advice);
        };
      },
    });
  g.execution = named(
    execution,
    'execution',
    'use getVariable, getVariables, hasVariable, setVariable, setVariables or getCurrentActivityId',
  );
  // bpmn-engine's process output is the case's variables here, as its conditions read them (juel.ts).
  // bpmn-engine's services: the engine's host functions by name (host is the bridge, sandbox.ts),
  // answering at once; any other name is an error that says so.
  function serviceNamespace(prefix) {
    return new Proxy(Object.create(null), {
      get(target, name) {
        if (typeof name !== 'string') return undefined;
        const path = prefix + name;
        if (input.services.includes(path)) return hostService(path);
        if (input.services.some((known) => known.startsWith(path + '.'))) return serviceNamespace(path + '.');
        return function missing() {
          throw new TypeError(
            'environment.services.' + path + " is not one of the engine's host functions (" +
              (input.services.length ? input.services.join(', ') : 'it has none') +
              '): call a service from a service task with a job type, or have the engine provide it',
          );
        };
      },
    });
  }
  function hostService(path) {
    return function service(...args) {
      for (const arg of args)
        if (typeof arg === 'function')
          throw new TypeError(
            'environment.services.' + path + ' was given a function (a callback): a host function answers at once; use what it returns',
          );
      return JSON.parse(host(path, stringify(args)));
    };
  }
  const services = serviceNamespace('');
  g.environment = { variables, output: variables, services };
  g.content = { id: input.elementId };
  g.properties = {};
  g.next = function next(error, value) {
    if (nextCalled) return;
    nextCalled = true;
    nextError = error === undefined ? null : error;
    nextValue = value;
  };
  for (const name of Object.keys(variables)) {
    if (/^[A-Za-z_$][\w$]*$/.test(name) && !(name in g)) g[name] = variables[name];
  }
  // bpmn-server's shapes, where no variable has the name: the case's data as this.token.data and
  // item.data, and a log that goes nowhere (the sandbox has no output).
  const log = function log() {};
  const token = { data: variables, log };
  // A BPMN error a script throws, under the names Camunda 7, Flowable and Activiti give it.
  class BpmnError extends Error {
    constructor(code, message) {
      super(message === undefined ? String(code) : String(message));
      this.name = 'BpmnError';
      this.code = String(code);
      this.bpmnMessage = message === undefined ? null : String(message);
    }
  }
  const delegate = { delegate: { BpmnError } };
  const shapes = {
    variables, // bpmn-engine's scripts and parameter scripts read variables.x
    services, // and older ones this.services.x
    token,
    item: { data: variables, token, log },
    console: { log, info: log, warn: log, error: log, debug: log },
    print: log, // Nashorn's and GraalJS's, which Camunda 7's JavaScript scripts call
    BpmnError,
    org: {
      camunda: { bpm: { engine: delegate } },
      flowable: { engine: delegate },
      activiti: { engine: delegate },
    },
  };
  for (const name of Object.keys(shapes)) if (!(name in g)) g[name] = shapes[name];
  // A variable the script changes in place (data.count += 1, environment.variables.x = 1) is
  // written as if set, so every engine's way of writing one is held to what the element declares.
  const before = Object.create(null);
  for (const name of Object.keys(variables)) before[name] = stringify(variables[name]);
  function changedInPlace() {
    for (const name of Object.keys(variables)) {
      if (hasOwn(written, name)) continue;
      const value = variables[name] === undefined ? null : variables[name];
      if (stringify(value) !== before[name]) written[name] = value;
    }
  }

  function installDate(now) {
    const RealDate = Date;
    const P = RealDate.prototype;
    const noClock = () => {
      throw new Error('There is no clock here: pass the time the script needs in a variable');
    };
    const current = () => (typeof now === 'number' ? now : noClock());
    const ISO_LOCAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/;
    const utcText = (text) => (typeof text === 'string' && ISO_LOCAL.test(text.trim()) ? text.trim() + 'Z' : text);
    function SandboxDate(...args) {
      if (!new.target) return new RealDate(current()).toISOString();
      if (args.length === 0) return Reflect.construct(RealDate, [current()], new.target);
      if (args.length >= 2) return Reflect.construct(RealDate, [RealDate.UTC(...args)], new.target);
      return Reflect.construct(RealDate, [utcText(args[0])], new.target);
    }
    SandboxDate.prototype = P;
    Object.defineProperty(P, 'constructor', { value: SandboxDate, writable: true, configurable: true });
    SandboxDate.now = () => current();
    SandboxDate.parse = (text) => RealDate.parse(utcText(text));
    SandboxDate.UTC = RealDate.UTC;
    for (const part of ['FullYear', 'Month', 'Date', 'Day', 'Hours', 'Minutes', 'Seconds', 'Milliseconds']) {
      P['get' + part] = P['getUTC' + part];
      if (part !== 'Day') P['set' + part] = P['setUTC' + part];
    }
    P.getTimezoneOffset = () => 0;
    const iso = function () {
      return Number.isNaN(this.getTime()) ? 'Invalid Date' : this.toISOString();
    };
    for (const name of ['toString', 'toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) P[name] = iso;
    P.toDateString = function () {
      return Number.isNaN(this.getTime()) ? 'Invalid Date' : this.toISOString().slice(0, 10);
    };
    P.toTimeString = function () {
      return Number.isNaN(this.getTime()) ? 'Invalid Date' : this.toISOString().slice(11);
    };
    g.Date = SandboxDate;
  }

  return function finish(completion) {
    if (nextCalled && nextError !== null) {
      // bpmn-engine's way to fail an activity, which its error boundary events catch: a BPMN
      // error, coded by the error's code (a catch-all boundary event takes any).
      const reason = nextError instanceof Error ? nextError.message : String(nextError);
      const code = nextError && typeof nextError.code === 'string' && nextError.code ? nextError.code : 'Error';
      return stringify({ bpmnError: { code: code, message: 'next(error) was called: ' + reason } });
    }
    const value = nextCalled ? nextValue : completion;
    changedInPlace();
    return stringify({ value: value === undefined ? null : value, written });
  };
})`;

/**
 * What DESCRIBE_ERROR puts before a thrown BpmnError's code and message (JSON): not a failure, a
 * BPMN error. No NUL: the host reads the sandbox's strings as C strings.
 */
export const BPMN_ERROR_MARK = '\u001ebpmn-error:';

/**
 * Describes a thrown value inside the sandbox as one line of text, at most 300 characters; a
 * BpmnError as BPMN_ERROR_MARK and its code and message.
 */
export const DESCRIBE_ERROR = String.raw`(function describe(error) {
  let text;
  try {
    if (error instanceof Error && error.name === 'BpmnError' && typeof error.code === 'string')
      return ${JSON.stringify(BPMN_ERROR_MARK)} + JSON.stringify({ code: error.code, message: error.bpmnMessage });
    if (error instanceof Error) {
      const frame = /script\.js:(\d+):(\d+)/.exec(String(error.stack || ''));
      text = String(error.name) + ': ' + String(error.message) + (frame ? ' (line ' + frame[1] + ' of the script)' : '');
    } else {
      text = 'it threw ' + String(error);
    }
  } catch (_) {
    text = 'it threw a value that cannot be described';
  }
  return text.length > 300 ? text.slice(0, 300) + '…' : text;
})`;
