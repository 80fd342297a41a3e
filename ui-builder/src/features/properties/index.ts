/** The diagram-js module that registers our properties provider. */
import { RebazPropertiesProvider } from './rebaz-properties-provider';

export const RebazPropertiesProviderModule = {
  __init__: ['rebazPropertiesProvider'],
  rebazPropertiesProvider: ['type', RebazPropertiesProvider],
};
