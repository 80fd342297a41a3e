/**
 * JavaScript scripts in a sandbox: QuickJS compiled to WebAssembly (quickjs-emscripten, the
 * synchronous release build), the same in Node and in the browser. A script reaches nothing of the
 * host: no `require`, `process`, `fetch`, timers or console, only the JSON it is given; and it runs
 * within a memory limit, a stack limit and a budget of interpreter steps, so an endless loop or a
 * huge allocation ends in a ScriptFailure, never in a blocked or crashed server. The step budget
 * is what stops a script; the deadline is a safety net (see ScriptLimits).
 *
 * Every evaluation gets a fresh runtime and context, disposed at the end (about 0.13 ms, against
 * 0.1 ms for a context in a shared runtime): nothing a script leaves behind — globals, pending
 * promise jobs, a heap near its limit — can reach the next one.
 *
 * WebAssembly is compiled asynchronously, so the module is loaded once, at start
 * (`loadScriptSandbox()`: the engine before it deploys or loads a definition with scripts, the
 * simulator's hosts and the ui-builder at boot); evaluation itself is synchronous, as the XState
 * step is. Evaluating before the load throws ScriptSandboxNotLoadedError.
 */
import variant from '@jitl/quickjs-wasmfile-release-sync';
import {
  newQuickJSWASMModuleFromVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import { callHostFunction, hostFunctionsInScope } from '../host-functions';
import { BPMN_ERROR_MARK, DESCRIBE_ERROR, PRELUDE } from './prelude';

export interface ScriptLimits {
  /** Heap of one evaluation, in bytes. */
  memoryBytes: number;
  /** Stack of one evaluation, in bytes: bounds recursion. */
  stackBytes: number;
  /**
   * Interpreter steps, counted in QuickJS's interrupt checks (one about every 10,000 operations;
   * 800 are about 100 ms of a tight loop). Counted, not timed, so a script stops at the same point
   * on every machine.
   */
  steps: number;
  /** Length of the result and the variables written, as JSON text. */
  outputChars: number;
  /**
   * Wall-clock time of one evaluation, in milliseconds: a safety net for work the step count does
   * not see (allocation, garbage collection; QuickJS undercounts some allocations, so a loop of
   * string concatenations can grow the heap past `memoryBytes`). Checked at each interrupt check.
   */
  deadlineMs: number;
}

export const SCRIPT_LIMITS: Readonly<ScriptLimits> = {
  memoryBytes: 16 * 1024 * 1024,
  stackBytes: 256 * 1024,
  steps: 800,
  outputChars: 256 * 1024,
  deadlineMs: 1000,
};

export interface ScriptInput {
  /** The script's text (global code: its last expression is its value). */
  body: string;
  /** The variables the script sees, as JSON data. */
  variables: Record<string, unknown>;
  /** The element the script belongs to (`content.id`, `execution.getCurrentActivityId()`). */
  elementId?: string;
  /** The step's time, which `Date.now()` and `new Date()` give; without it the script has no clock. */
  now?: Date;
  limits?: Partial<ScriptLimits>;
}

export interface ScriptOutcome {
  /** The value passed to `next(null, value)`, else the value of the last expression; null for none. */
  value: unknown;
  /** The variables set through `execution.setVariable`, by name. */
  written: Record<string, unknown>;
}

export type ScriptFailureKind = 'error' | 'steps' | 'time' | 'memory' | 'stack' | 'output';

/** A script that threw, or hit a limit: the runtime turns it into an incident on the element. */
export class ScriptFailure extends Error {
  override readonly name = 'ScriptFailure';

  constructor(
    readonly kind: ScriptFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** A script that threw a BpmnError: a business outcome of a script task, not a failure. */
export class ScriptBpmnError extends Error {
  override readonly name = 'ScriptBpmnError';

  constructor(
    readonly code: string,
    readonly errorMessage: string | undefined,
  ) {
    super(`BPMN error "${code}"${errorMessage ? `: ${errorMessage}` : ''}`);
  }
}

/** Evaluating a script before `loadScriptSandbox()` finished: a host that forgot to load it. */
export class ScriptSandboxNotLoadedError extends Error {
  override readonly name = 'ScriptSandboxNotLoadedError';

  constructor() {
    super(
      'The JavaScript sandbox is not loaded: await loadScriptSandbox() when the host starts, ' +
        'before any step that may run a script',
    );
  }
}

let loaded: QuickJSWASMModule | undefined;
let loading: Promise<void> | undefined;

/** Loads the WebAssembly module once; later calls return the same promise. */
export function loadScriptSandbox(): Promise<void> {
  loading ??= newQuickJSWASMModuleFromVariant(variant).then(
    (module) => {
      loaded = module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

export function isScriptSandboxLoaded(): boolean {
  return loaded !== undefined;
}

/**
 * Runs a script and returns its value and the variables it set.
 *
 * @throws ScriptFailure when the script throws, calls `next(error)`, hits a limit or returns
 *   something that is not JSON data; ScriptSandboxNotLoadedError before the load.
 */
export function runScript(input: ScriptInput): ScriptOutcome {
  const limits = { ...SCRIPT_LIMITS, ...input.limits };
  return withContext(limits, (ctx, meter) => {
    const finish = installPrelude(ctx, input);
    try {
      const completion = ctx.evalCode(input.body, 'script.js');
      if (completion.error) throw thrownBy(ctx, completion.error, meter, limits);
      const text = callFinish(ctx, finish, completion.value, meter, limits);
      return readOutcome(text);
    } finally {
      finish.dispose();
    }
  });
}

/** A syntax error in a script (compiled, never run), or undefined when it compiles. */
export function findScriptSyntaxError(body: string): { message: string; line?: number } | undefined {
  return withContext(SCRIPT_LIMITS, (ctx, meter) => {
    const compiled = ctx.evalCode(body, 'script.js', { compileOnly: true });
    if (!compiled.error) {
      compiled.value.dispose();
      return undefined;
    }
    const failure = failureOf(ctx, compiled.error, meter, SCRIPT_LIMITS);
    const line = /\(line (\d+) of the script\)$/.exec(failure.message);
    return { message: failure.message, ...(line ? { line: Number(line[1]) } : {}) };
  });
}

interface StepMeter {
  steps: number;
  /** Why the script was interrupted, once it was. */
  exhausted?: 'steps' | 'time';
}

function withContext<T>(limits: ScriptLimits, use: (ctx: QuickJSContext, meter: StepMeter) => T): T {
  if (!loaded) throw new ScriptSandboxNotLoadedError();
  const runtime: QuickJSRuntime = loaded.newRuntime();
  const meter: StepMeter = { steps: 0 };
  const started = performance.now();
  try {
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(limits.stackBytes);
    runtime.setInterruptHandler(() => {
      meter.steps += 1;
      if (meter.exhausted) return true;
      if (meter.steps > limits.steps) meter.exhausted = 'steps';
      else if (performance.now() - started > limits.deadlineMs) meter.exhausted = 'time';
      return meter.exhausted !== undefined;
    });
    const ctx = runtime.newContext();
    try {
      return use(ctx, meter);
    } finally {
      ctx.dispose();
    }
  } finally {
    runtime.dispose();
  }
}

/** Runs the prelude with the input; returns the `finish` function it gives back. */
function installPrelude(ctx: QuickJSContext, input: ScriptInput): QuickJSHandle {
  const services = hostFunctionsInScope();
  const json = JSON.stringify({
    variables: input.variables,
    elementId: input.elementId ?? null,
    now: input.now ? input.now.getTime() : null,
    services,
  });
  const install = ctx.evalCode(PRELUDE, 'prelude.js');
  if (install.error) {
    install.error.dispose();
    throw new ScriptFailure('memory', 'The sandbox could not start: its variables are too large for its memory');
  }
  const argument = ctx.newString(json);
  const host = services.length > 0 ? hostBridge(ctx) : undefined;
  try {
    const finish = ctx.callFunction(install.value, ctx.undefined, argument, host ?? ctx.undefined);
    if (finish.error) {
      finish.error.dispose();
      throw new ScriptFailure('memory', 'The sandbox could not start: its variables are too large for its memory');
    }
    return finish.value;
  } finally {
    argument.dispose();
    host?.dispose();
    install.value.dispose();
  }
}

/**
 * The one way out of the sandbox: a script's `environment.services.name(…)` calls the host
 * function of the step (host-functions.ts) with its arguments as JSON, and gets its answer as JSON.
 * Only the names the host gives exist inside (prelude.ts); a failure is an error thrown in the script.
 */
function hostBridge(ctx: QuickJSContext): QuickJSHandle {
  return ctx.newFunction('host', (nameHandle, argsHandle) => {
    try {
      const name = ctx.getString(nameHandle);
      const args = JSON.parse(ctx.getString(argsHandle)) as unknown[];
      const answer = JSON.stringify(callHostFunction(name, args) ?? null) as string | undefined;
      return ctx.newString(answer ?? 'null');
    } catch (error) {
      return { error: ctx.newError((error as Error)?.message ?? String(error)) };
    }
  });
}

function callFinish(
  ctx: QuickJSContext,
  finish: QuickJSHandle,
  completion: QuickJSHandle,
  meter: StepMeter,
  limits: ScriptLimits,
): string {
  try {
    const result = ctx.callFunction(finish, ctx.undefined, completion);
    if (result.error) {
      const failure = failureOf(ctx, result.error, meter, limits);
      throw failure.kind === 'error'
        ? new ScriptFailure('error', `Its result cannot be stored as JSON data: ${failure.message}`)
        : failure;
    }
    try {
      if (ctx.typeof(result.value) !== 'string')
        throw new ScriptFailure('error', 'Its result cannot be stored as JSON data');
      const lengthHandle = ctx.getProp(result.value, 'length');
      const length = ctx.getNumber(lengthHandle);
      lengthHandle.dispose();
      if (length > limits.outputChars)
        throw new ScriptFailure(
          'output',
          `Its result and the variables it sets are ${length} characters of JSON, more than the ` +
            `${limits.outputChars} a script may return; return less, or keep large data out of the case`,
        );
      return ctx.getString(result.value);
    } finally {
      result.value.dispose();
    }
  } finally {
    completion.dispose();
  }
}

function readOutcome(text: string): ScriptOutcome {
  const parsed = JSON.parse(text) as {
    value?: unknown;
    written?: Record<string, unknown>;
    error?: string;
    bpmnError?: { code: string; message: string };
  };
  if (typeof parsed.error === 'string') throw new ScriptFailure('error', parsed.error.slice(0, 400));
  if (parsed.bpmnError)
    throw new ScriptBpmnError(
      String(parsed.bpmnError.code).slice(0, 200),
      String(parsed.bpmnError.message).slice(0, 400),
    );
  const written = parsed.written && typeof parsed.written === 'object' ? parsed.written : {};
  return { value: parsed.value ?? null, written };
}

/** What a script threw: a BpmnError it means to raise, or else a failure. */
function thrownBy(ctx: QuickJSContext, error: QuickJSHandle, meter: StepMeter, limits: ScriptLimits): Error {
  const failure = failureOf(ctx, error, meter, limits);
  if (failure.kind !== 'error' || !failure.message.startsWith(BPMN_ERROR_MARK)) return failure;
  try {
    const thrown = JSON.parse(failure.message.slice(BPMN_ERROR_MARK.length)) as { code?: unknown; message?: unknown };
    if (typeof thrown.code === 'string' && thrown.code !== '')
      return new ScriptBpmnError(
        thrown.code.slice(0, 200),
        typeof thrown.message === 'string' ? thrown.message.slice(0, 400) : undefined,
      );
  } catch {
    // a forged mark: an ordinary failure below
  }
  return new ScriptFailure('error', 'It threw a BpmnError without an error code');
}

/** Turns a thrown value into a ScriptFailure: a limit hit, or the script's own error, described. */
function failureOf(ctx: QuickJSContext, error: QuickJSHandle, meter: StepMeter, limits: ScriptLimits): ScriptFailure {
  try {
    if (meter.exhausted) return interrupted(meter.exhausted, limits);
    const text = describe(ctx, error);
    if (meter.exhausted) return interrupted(meter.exhausted, limits);
    if (text === undefined) return new ScriptFailure('memory', memoryMessage(limits));
    if (/^InternalError: out of memory/.test(text)) return new ScriptFailure('memory', memoryMessage(limits));
    if (/^InternalError: stack overflow/.test(text))
      return new ScriptFailure(
        'stack',
        `It nested calls more deeply than its ${limits.stackBytes / 1024} KiB of stack allow (endless recursion?)`,
      );
    return new ScriptFailure('error', text);
  } finally {
    error.dispose();
  }
}

function interrupted(reason: 'steps' | 'time', limits: ScriptLimits): ScriptFailure {
  if (reason === 'time') return new ScriptFailure('time', `It ran longer than ${limits.deadlineMs} ms and was stopped`);
  return new ScriptFailure(
    'steps',
    `It ran past its budget of ${limits.steps} interpreter steps (an endless loop?) and was stopped`,
  );
}

function memoryMessage(limits: ScriptLimits): string {
  return `It needed more than the ${limits.memoryBytes / (1024 * 1024)} MiB of memory a script may use`;
}

/** The sandbox's own description of a thrown value; undefined when even that fails (memory). */
function describe(ctx: QuickJSContext, error: QuickJSHandle): string | undefined {
  const describer = ctx.evalCode(DESCRIBE_ERROR, 'describe.js');
  if (describer.error) {
    describer.error.dispose();
    return undefined;
  }
  try {
    const described = ctx.callFunction(describer.value, ctx.undefined, error);
    if (described.error) {
      described.error.dispose();
      return undefined;
    }
    try {
      return ctx.typeof(described.value) === 'string' ? ctx.getString(described.value) : undefined;
    } finally {
      described.value.dispose();
    }
  } finally {
    describer.value.dispose();
  }
}
