/**
 * A record in the form the loaders write it: its primary key and its payload as JSON text. The PagerDuty streams
 * are serialized page by page as they arrive (coalesce-batches.ts): batches waiting to be loaded then hold flat
 * strings instead of parsed object trees, which V8 promotes and marks again at every full collection.
 */
export class SerializedRecord {
  constructor(
    readonly key: string,
    readonly json: string,
  ) {}
}

/** A record's key and JSON payload, whether it was serialized on arrival or is still the parsed object. */
export function keyAndPayload(
  record: unknown,
  primaryKey: (record: unknown) => string,
): readonly [key: string, json: string] {
  return record instanceof SerializedRecord
    ? [record.key, record.json]
    : [primaryKey(record), JSON.stringify(record)];
}
