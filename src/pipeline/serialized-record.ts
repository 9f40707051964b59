/**
 * A record in the form the loaders write it: its primary key and its payload as JSON text. The PagerDuty streams
 * are serialized page by page as they arrive (coalesce-batches.ts): batches waiting to be loaded then hold flat
 * strings instead of parsed object trees, which V8 promotes and marks again at every full collection.
 * The text may be shared by a whole page, the record's JSON being `text` from `start` to `end` (see serializePage).
 */
export class SerializedRecord {
  constructor(
    readonly key: string,
    private readonly text: string,
    private readonly start = 0,
    private readonly end = text.length,
  ) {}

  /** The record's JSON text. */
  get json(): string {
    return this.start === 0 && this.end === this.text.length
      ? this.text
      : this.text.slice(this.start, this.end);
  }
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
