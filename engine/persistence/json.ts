/** A JSON document as stored in a `jsonb` column (what `JSON.parse` can return for an object). */
export type JsonObject = Record<string, unknown>;
