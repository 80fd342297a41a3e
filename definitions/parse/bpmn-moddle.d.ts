/**
 * Types for the parts of bpmn-moddle 10 we use. The package ships types for the BPMN
 * element interfaces (`bpmn-moddle/types`) but none for its entry point.
 * Declared once here; other folders import `BpmnModdle` from 'bpmn-moddle' as usual.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
declare module 'bpmn-moddle' {
  /** A lax-mode finding: unknown attribute, unresolved reference, skipped element, encoding. */
  export interface ModdleWarning {
    message: string;
    element?: any;
    property?: string;
    value?: unknown;
    error?: Error;
  }

  export interface ModdleParseResult {
    rootElement: any;
    references: unknown[];
    warnings: ModdleWarning[];
    elementsById: Record<string, any>;
  }

  /** A moddle package descriptor such as camunda.json. */
  export interface ModdlePackage {
    name: string;
    prefix: string;
    uri: string;
    types: unknown[];
    [key: string]: unknown;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, ModdlePackage>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<ModdleParseResult>;
    toXML(element: any, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): any;
    getPackage(prefix: string): ModdlePackage | undefined;
    readonly registry: any;
  }
}
