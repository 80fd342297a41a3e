export {
  publicStatistics,
  openDataServices,
  MIN_CELL,
  MIN_DECIDED,
  MIN_DECISIONS,
  OUTCOMES,
  type StatisticsInput,
  type ServiceStatistics,
  type MonthStatistics,
} from './statistics';
export { ROUNDING_BASE, roundCount, cellKey } from './rounding';
export { assertMonthStart, publishedPeriod, type Period } from './period';
export {
  companyRegister,
  COMPANY_REGISTER,
  type CompanyRegisterEntry,
  type CompanyRegisterInput,
} from './company-register';
export { engineStats, type EngineStats } from './engine-stats';
