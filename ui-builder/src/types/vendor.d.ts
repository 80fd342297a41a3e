/**
 * Types for the parts of the properties-panel packages we use: they ship JavaScript only.
 * Signatures follow bpmn-io/bpmn-js-properties-panel and bpmn-io/properties-panel sources.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  /** Reads a diagram-js service inside a properties panel component. */
  export function useService<T = any>(name: string, strict?: boolean): T;
}

declare module '@bpmn-io/properties-panel' {
  import type { FunctionComponent } from '@bpmn-io/properties-panel/preact';
  /** A properties panel entry: a preact component and the function that says it holds a value. */
  export interface EntryDefinition {
    id: string;
    element?: unknown;
    component: (props: any) => unknown;
    isEdited?: (node: HTMLElement) => boolean;
    [prop: string]: unknown;
  }
  export interface GroupDefinition {
    id: string;
    label: string;
    entries: EntryDefinition[];
    component?: unknown;
    [prop: string]: unknown;
  }
  export interface TextEntryProps {
    element: unknown;
    id: string;
    label: string;
    description?: string;
    tooltip?: string;
    placeholder?: string;
    debounce: (fn: (...args: any[]) => void) => (...args: any[]) => void;
    getValue: (element: unknown) => string | undefined;
    setValue: (value: string | undefined, error?: string | null) => void;
    validate?: (value: string | undefined) => string | null | undefined;
    disabled?: boolean;
  }
  export const TextFieldEntry: FunctionComponent<TextEntryProps>;
  export const TextAreaEntry: FunctionComponent<
    TextEntryProps & { rows?: number; monospace?: boolean; autoResize?: boolean }
  >;
  export const Group: unknown;
  export function isTextFieldEntryEdited(node: HTMLElement): boolean;
  export function isTextAreaEntryEdited(node: HTMLElement): boolean;
  export const CheckboxEntry: FunctionComponent<{
    element: unknown;
    id: string;
    label: string;
    description?: string;
    getValue: (element: unknown) => boolean;
    setValue: (value: boolean) => void;
    disabled?: boolean;
  }>;
  export function isCheckboxEntryEdited(node: HTMLElement): boolean;
}
