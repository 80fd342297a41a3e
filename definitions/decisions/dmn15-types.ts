/**
 * dmn-moddle reads the DMN 1.3 schema. DMN 1.4 and 1.5 add boxed conditionals, filters and
 * iterators and the item definition's `typeConstraint`: these descriptors extend the 1.3 schema so
 * the same reader keeps them (older models never use them).
 */
const child = (name: string) => ({ name, type: 'ChildExpression', xml: { serialize: 'property' } });

export const DMN15_TYPES = [
  { name: 'ChildExpression', superClass: ['DMNElement'], properties: [{ name: 'value', type: 'Expression' }] },
  { name: 'Conditional', superClass: ['Expression'], properties: [child('if'), child('then'), child('else')] },
  { name: 'Filter', superClass: ['Expression'], properties: [child('in'), child('match')] },
  {
    name: 'Iterator',
    isAbstract: true,
    superClass: ['Expression'],
    properties: [child('in'), { name: 'iteratorVariable', type: 'String', isAttr: true }],
  },
  { name: 'For', superClass: ['Iterator'], properties: [child('return')] },
  { name: 'Quantified', isAbstract: true, superClass: ['Iterator'], properties: [child('satisfies')] },
  { name: 'Some', superClass: ['Quantified'] },
  { name: 'Every', superClass: ['Quantified'] },
];

export const TYPE_CONSTRAINT = { name: 'typeConstraint', type: 'UnaryTests', xml: { serialize: 'property' } };
