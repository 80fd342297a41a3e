/** A deployed version, read-only, in the bpmn-js NavigatedViewer (pan and zoom, no editing). */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

let viewer: NavigatedViewer | undefined;

export async function showVersion(container: HTMLElement, xml: string): Promise<void> {
  viewer ??= new NavigatedViewer({ container });
  await viewer.importXML(xml);
  (viewer.get('canvas') as { zoom(level: string): void }).zoom('fit-viewport');
}
