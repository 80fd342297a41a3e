export { parseDefinition, type ParsedDefinition, type ParseWarning, type ParseOptions } from './parse-definition';
export { DefinitionParseError, BPMN_MODEL_NS, type DefinitionParseErrorCode } from './parse-error';
export { guardDefinitionXml, utf8ByteLength, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type GuardOptions } from './guard';
export { locateElements, type SourceLocation } from './locations';
export { createModdle, UNDECLARED_ATTRIBUTES } from './create-moddle';
export { decodeDefinitionBytes, declaredEncoding } from './decode';
export { processesOf, selectProcess } from './processes';
