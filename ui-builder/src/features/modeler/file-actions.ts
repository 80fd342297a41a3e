/** Open a .bpmn file from disk and download the current diagram: no server involved. */
import type Modeler from 'bpmn-js/lib/Modeler';

export async function openFile(modeler: Modeler, file: File): Promise<void> {
  await modeler.importXML(await file.text());
}

export async function downloadDiagram(modeler: Modeler): Promise<void> {
  const { xml } = await modeler.saveXML({ format: true });
  const root = (modeler.getDefinitions()?.rootElements ?? []).find(
    (el: { $type: string }) => el.$type === 'bpmn:Process',
  );
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([xml ?? ''], { type: 'application/xml' }));
  link.download = `${root?.id ?? 'diagram'}.bpmn`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}
