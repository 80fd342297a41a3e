export {
  DEFAULT_LIMITS,
  LIMIT_SETTINGS,
  assertCaseWithinLimits,
  assertCommandWithinLimits,
  jsonBytes,
  resolveLimits,
  type Limits,
} from './limits';
