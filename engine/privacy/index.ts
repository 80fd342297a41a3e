export { personalNames, personalFormFields } from './personal';
export { applyRetention, DEFAULT_RETENTION_DAYS, type RetentionInput, type RetentionResult } from './retention';
export { exportPersonalData, type PersonalDataExport } from './export';
