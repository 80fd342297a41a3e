/** The schema: every type file registers itself on the builder; `printRebazSchema` is what schema.graphql holds. */
import { lexicographicSortSchema, printSchema } from '../graphql-js';
import { builder } from '../builder';
import './scalars';
import './enums';
import './viewer';
import './definition';
import './decision';
import './case';
import './ad-hoc';
import './conditional-start';
import './task';
import './job';
import './incident';
import './migration';
import './audit';
import './messaging';
import './subscription';
import './open-data';
import './privacy';
import './payments';

export const schema = builder.toSchema();

/** The SDL, sorted, as committed in graphql/schema.graphql. */
export function printRebazSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
