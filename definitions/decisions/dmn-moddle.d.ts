/** Types for the parts of dmn-moddle 12 we use; the package ships none. */
/* eslint-disable @typescript-eslint/no-explicit-any */
declare module 'dmn-moddle' {
  export interface DmnParseResult {
    rootElement: any;
    warnings: { message: string; element?: any; error?: Error }[];
    elementsById: Record<string, any>;
  }
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<DmnParseResult>;
  }
}

declare module 'dmn-moddle/resources/dmn/json/dmn13.json' {
  const schema: { name: string; prefix: string; uri: string; types: Record<string, unknown>[]; [key: string]: unknown };
  export default schema;
}
