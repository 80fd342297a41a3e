export { personalNames, personalFormFields } from './personal';
export {
  applyRetention,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_RETENTION_PACE,
  type RetentionInput,
  type RetentionResult,
} from './retention';
export { dailyErasureRewrite, DEFAULT_ERASURE_REWRITE_HOUR, ERASED_TABLES } from './rewrite';
export { exportPersonalData, type PersonalDataExport } from './export';
