/** The form-js viewer and its styles, loaded when a clerk or applicant first opens a form. */
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';

export { Form } from '@bpmn-io/form-js-viewer';
export { EscapedTextModule } from './escaped-text';
