/**
 * Types for the part of dmn-js the decisions tab uses: it ships JavaScript only. Signatures follow
 * bpmn-io/dmn-js (packages/dmn-js-shared/src/base/Manager.js).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
declare module 'dmn-js/lib/Modeler' {
  export interface DmnView {
    id: string;
    name?: string;
    type: 'drd' | 'decisionTable' | 'literalExpression' | 'boxedExpression';
    element: { id: string; name?: string; $type: string };
  }
  export interface DmnViewer {
    on(event: string, callback: (event: any) => void): void;
    off(event: string, callback: (event: any) => void): void;
    get<T = any>(name: string): T;
  }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; keyboard?: { bindTo?: unknown }; [key: string]: unknown });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    getActiveViewer(): DmnViewer | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: 'views.changed', callback: (event: { views: DmnView[]; activeView: DmnView }) => void): void;
    on(event: string, callback: (event: any) => void): void;
    destroy(): void;
  }
}
