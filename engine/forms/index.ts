export * from './form-schema';
export { validateForm } from './validate-form';
export { DISPLAY_ONLY, formFieldNames, withoutShownOnly } from './fields';
