/** The form-js editor and its styles, loaded only when the Forms view first opens. */
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';

export { FormEditor } from '@bpmn-io/form-js-editor';
