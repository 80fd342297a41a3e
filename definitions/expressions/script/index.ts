export { isJavaScript } from './language';
export { graphUsesJavaScript, literalWrites, mentionsJavaScript } from './uses';
export {
  findScriptSyntaxError,
  isScriptSandboxLoaded,
  loadScriptSandbox,
  runScript,
  ScriptBpmnError,
  ScriptFailure,
  ScriptSandboxNotLoadedError,
  SCRIPT_LIMITS,
  type ScriptFailureKind,
  type ScriptInput,
  type ScriptLimits,
  type ScriptOutcome,
} from './sandbox';
