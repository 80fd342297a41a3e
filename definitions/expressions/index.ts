export {
  normaliseExpression,
  assumedJavaScript,
  readsThis,
  classifyLanguage,
  type NormalisedExpression,
  type NormaliseOptions,
  type ExpressionErrorCode,
} from './expression';
export { translateJuel, type JuelTranslation } from './juel';
export { findFeelSyntaxProblem, type FeelSyntaxProblem } from './feel-syntax';
export {
  evaluateFeel,
  evaluateFeelDetailed,
  evaluateCondition,
  toJsonValue,
  FeelEvaluationError,
  type FeelResult,
} from './feel';
export { parseIsoDuration, addIsoDuration, approximateMillis, multiplyIsoDuration, type IsoDuration } from './duration';
export { parseCron, nextCronTime, type CronSchedule } from './cron';
export {
  parseTimerValue,
  parseIsoDateTime,
  nextDue,
  resolveTimerValue,
  type TimerSchedule,
  type TimerParseResult,
} from './timer';
