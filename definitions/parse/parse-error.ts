/**
 * The one error `parseDefinition` throws: the text cannot be read as BPMN at all.
 * Everything else (unknown attributes, dangling references) is a warning, and the model's
 * meaning is judged later by validation.
 */

export type DefinitionParseErrorCode =
  'XML_TOO_LARGE' | 'XML_DOCTYPE_FORBIDDEN' | 'XML_TOO_DEEP' | 'XML_MALFORMED' | 'NOT_BPMN' | 'NO_PROCESS';

export const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

export class DefinitionParseError extends Error {
  override readonly name = 'DefinitionParseError';

  private constructor(
    readonly code: DefinitionParseErrorCode,
    message: string,
    /** 1-based line of the offending construct, when known. */
    readonly line?: number,
    /** 1-based column (UTF-16 code units), when known. */
    readonly column?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static tooLarge(bytes: number, limit: number): DefinitionParseError {
    let [size, max] = [megabytes(bytes), megabytes(limit)];
    if (size === max) [size, max] = [`${bytes} bytes`, `${limit} bytes`];
    return new DefinitionParseError(
      'XML_TOO_LARGE',
      `The file is ${size}; definitions are limited to ${max}. ` + 'Split the model or raise REBAZ_MAX_BPMN_BYTES.',
    );
  }

  static doctypeForbidden(declaration: string, line: number, column: number): DefinitionParseError {
    return new DefinitionParseError(
      'XML_DOCTYPE_FORBIDDEN',
      `${at(line, column)}: the file contains a <!${declaration}> declaration. BPMN files never need a DTD, ` +
        'and DTD entities can read local files or expand without bound, so they are refused. ' +
        'Remove the declaration (re-export the model from a BPMN modeller).',
      line,
      column,
    );
  }

  static tooDeep(limit: number, line: number, column: number): DefinitionParseError {
    return new DefinitionParseError(
      'XML_TOO_DEEP',
      `${at(line, column)}: elements are nested more than ${limit} levels deep. No BPMN model needs that; ` +
        'the file was probably generated wrongly. Flatten the nesting or split the model.',
      line,
      column,
    );
  }

  static malformed(detail: string, line?: number, column?: number, cause?: unknown): DefinitionParseError {
    const where = line !== undefined && column !== undefined ? ` (${at(line, column)})` : '';
    return new DefinitionParseError(
      'XML_MALFORMED',
      `The file is not well-formed XML${where}: ${detail}. ` +
        'Open it in a BPMN modeller or an XML editor, fix it and save it again.',
      line,
      column,
      { cause },
    );
  }

  static notBpmn(root: string, namespace: string | undefined, line: number, column: number): DefinitionParseError {
    const found = namespace ? `<${root}> in namespace ${namespace}` : `<${root}> without a namespace`;
    return new DefinitionParseError(
      'NOT_BPMN',
      `${at(line, column)}: the root element is ${found}, not the BPMN 2.0 <definitions> element ` +
        `(namespace ${BPMN_MODEL_NS}). Upload a BPMN 2.0 XML file exported from a BPMN modeller.`,
      line,
      column,
    );
  }

  /** `firstProblem`: the first parse warning, often the reason the process was dropped. */
  static noProcess(firstProblem?: string): DefinitionParseError {
    const hint = firstProblem ? ` Reading the file reported: ${firstProblem}` : '';
    return new DefinitionParseError(
      'NO_PROCESS',
      'The definitions contain no <process>, so there is nothing to run. ' +
        `Add a process to the model, or deploy the file that holds it.${hint}`,
    );
  }

  /** Anything unexpected from the XML library, so callers only ever see this class. */
  static unexpected(cause: unknown): DefinitionParseError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return DefinitionParseError.malformed(`the XML reader failed (${detail})`, undefined, undefined, cause);
  }
}

function at(line: number, column: number): string {
  return `Line ${line}, column ${column}`;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
