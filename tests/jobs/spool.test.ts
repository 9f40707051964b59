import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSpoolBatches, SpoolWriter } from '../../jobs/spool.ts';
import { SerializedRecord } from '../../src/pipeline/serialized-record.ts';

const finishWith = (spool: SpoolWriter, records: number) =>
  spool.finish({
    status: 'succeeded',
    records,
    rejects: 1,
    cursorBefore: null,
    cursorAfter: 'c2',
    requests: 2,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
  });

describe('SpoolWriter', () => {
  it('spools serialized records and parsed objects alike, and replays them as objects with their keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsledger-spool-'));
    const spool = await SpoolWriter.create(dir);
    const reject = {
      stream: 'teams',
      sourceId: 'T9',
      reason: 'name: expected string',
      payload: { id: 'T9' },
    };
    await spool.write(
      {
        records: [new SerializedRecord('T1', '{"id":"T1","name":"one \\"quoted\\""}')],
        rejects: [],
        cursor: null,
      },
      () => 'unused',
    );
    await spool.write(
      { records: [{ id: 'T2', name: 'two\nlines' }], rejects: [reject], cursor: 'c2' },
      (r) => (r as { id: string }).id,
    );
    const result = await finishWith(spool, 2);

    const replayed = [];
    for await (const spooled of readSpoolBatches(dir, result)) replayed.push(spooled);
    expect(replayed).toEqual([
      { batch: { cursor: null, records: [{ id: 'T1', name: 'one "quoted"' }], rejects: [] }, keys: ['T1'] },
      {
        batch: { cursor: 'c2', records: [{ id: 'T2', name: 'two\nlines' }], rejects: [reject] },
        keys: ['T2'],
      },
    ]);
    // One batch a line: the newline inside a value is escaped, never written raw.
    expect((await readFile(join(dir, result.file), 'utf8')).split('\n')).toHaveLength(3);
  });
});
