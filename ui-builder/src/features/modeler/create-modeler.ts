/**
 * The bpmn-js Modeler with the properties panel and our `rebaz:` provider. The moddle descriptor is
 * the one definitions/ parses with, so what the analyst sets is exactly what the compiler reads.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';

import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import rebaz from '../../../../definitions/parse/rebaz.json';
import { RebazPropertiesProviderModule } from '../properties';

export function createModeler(canvas: HTMLElement, properties: HTMLElement): Modeler {
  return new Modeler({
    container: canvas,
    propertiesPanel: { parent: properties },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, RebazPropertiesProviderModule],
    moddleExtensions: { rebaz },
  });
}

/** One bpmn-js service by name, typed by the caller. */
export function service<T>(modeler: { get(name: string): unknown }, name: string): T {
  return modeler.get(name) as T;
}
