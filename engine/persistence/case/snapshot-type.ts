/**
 * The `snapshot` column as entities see it: always the full snapshot, whichever form the row holds
 * (see ./compact-snapshot.ts). Entities write the full form back; the command path writes the
 * compact one (engine/commands/sql/stored-snapshot.ts).
 */
import { JsonType, type Platform, type TransformContext } from '@mikro-orm/core';
import type { JsonObject } from '../json';
import { expandSnapshot } from './compact-snapshot';

export class SnapshotType extends JsonType {
  override convertToJSValue(value: string | unknown, platform: Platform, context?: TransformContext): unknown {
    const json = super.convertToJSValue(value, platform, context);
    return json && typeof json === 'object' ? expandSnapshot(json as JsonObject) : json;
  }
}
