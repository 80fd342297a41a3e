export { publicStatistics, openDataServices, suppress, MIN_CELL, OUTCOMES, type StatisticsInput, type ServiceStatistics, type MonthStatistics } from './statistics';
export { companyRegister, COMPANY_REGISTER, type CompanyRegisterEntry, type CompanyRegisterInput } from './company-register';
export { engineStats, type EngineStats } from './engine-stats';
