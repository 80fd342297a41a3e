export * from './form-schema';
export { validateForm } from './validate-form';
