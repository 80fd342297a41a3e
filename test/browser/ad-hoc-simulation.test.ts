/**
 * The simulation panel offers a button for each activity an open ad-hoc sub-process can start now:
 * clicking one opens its task; a sequential sub-process offers nothing while it runs one; once the
 * completion condition holds, the case moves on and the buttons are gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../graphql/server';
import { DESKTOP, keepScreenshot, launchBrowser, newContext, startUiServer, watchErrors } from './support';

interface RebazHook {
  modeler: { importXML(xml: string): Promise<unknown> };
}

const TIMEOUT = { timeout: 15_000 };
const shape = (id: string, x: number, y: number, w = 100, h = 80, expanded = false) =>
  `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"${expanded ? ' isExpanded="true"' : ''}><dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`;
const edge = (id: string, points: [number, number][]) =>
  `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">${points.map(([x, y]) => `<di:waypoint x="${x}" y="${y}" />`).join('')}</bpmndi:BPMNEdge>`;
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:rebaz="http://rebaz.dev/schema/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="Vetting" name="Vetting" isExecutable="true">
    <bpmn:startEvent id="Start" name="Applied" />
    <bpmn:adHocSubProcess id="Checks" name="Checks" ordering="Sequential">
      <bpmn:userTask id="Police" name="Police check" rebaz:candidateGroups="police" />
      <bpmn:userTask id="Health" name="Health check" rebaz:candidateGroups="health" />
      <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">= done</bpmn:completionCondition>
    </bpmn:adHocSubProcess>
    <bpmn:endEvent id="End" name="Vetted" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Checks" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Checks" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="Vetting">
    ${shape('Start', 100, 182, 36, 36)}${shape('Checks', 200, 100, 360, 200, true)}
    ${shape('Police', 240, 160)}${shape('Health', 420, 160)}${shape('End', 620, 182, 36, 36)}
    ${edge('Flow_1', [
      [136, 200],
      [200, 200],
    ])}${edge('Flow_2', [
      [560, 200],
      [620, 200],
    ])}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
  page = await (await newContext(browser, DESKTOP)).newPage();
  watchErrors(page, errors);
  await page.goto(server.url);
  await page.getByTestId('signin-as-analyst').click();
  await page.waitForFunction(() => location.hash === '#/model', undefined, TIMEOUT);
  await page.evaluate(async (xml) => {
    await (window as unknown as { __rebaz: RebazHook }).__rebaz.modeler.importXML(xml);
  }, XML);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('ad-hoc activities in the simulation panel', () => {
  it('offers a button per activity, starts one, and offers none while the sequential sub-process runs it', async () => {
    // The imported diagram's own build, not the blank one's before it: both say "compiles".
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              (
                window as unknown as {
                  __rebaz: { appState: { get(): { build?: { compiled?: { processId: string } } } } };
                }
              ).__rebaz.appState.get().build?.compiled?.processId,
          ),
        TIMEOUT,
      )
      .toBe('Vetting');
    await expect.poll(() => page.getByTestId('issue-summary').textContent(), TIMEOUT).toContain('compiles');
    await page.getByTestId('tab-simulate').click();
    await page.getByTestId('sim-start').click();
    const offers = page.getByTestId('sim-ad-hoc');
    await offers.waitFor(TIMEOUT);
    expect(await page.getByTestId('sim-activate-Police').textContent()).toBe('Start Police check');
    expect(await page.getByTestId('sim-activate-Health').count()).toBe(1);
    expect(await page.getByTestId('sim-no-waits').count()).toBe(1);
    await keepScreenshot(page, 'ad-hoc-simulation-offers');

    await page.getByTestId('sim-activate-Police').click();
    await page.getByTestId('sim-wait-Police').waitFor(TIMEOUT);
    expect(await offers.count()).toBe(0);

    await page.getByTestId('sim-data-Police').fill('{"done": false}');
    await page.getByTestId('sim-complete-Police').click();
    await page.getByTestId('sim-activate-Health').waitFor(TIMEOUT);
    await page.getByTestId('sim-activate-Health').click();
    await page.getByTestId('sim-data-Health').fill('{"done": true}');
    await page.getByTestId('sim-complete-Health').click();
    await page.locator('.djs-element.rebaz-done[data-element-id="End"]').waitFor(TIMEOUT);
    expect(await page.getByTestId('sim-ad-hoc').count()).toBe(0);
    expect(await page.getByTestId('sim-message').textContent()).toBe('');
    expect(errors).toEqual([]);
  });
});
