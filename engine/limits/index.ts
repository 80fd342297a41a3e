export {
  DEFAULT_LIMITS,
  LIMIT_SETTINGS,
  assertCaseWithinLimits,
  assertCommandWithinLimits,
  assertKeysWithinLimits,
  MAX_KEY_LENGTH,
  jsonBytes,
  resolveLimits,
  type Limits,
} from './limits';
