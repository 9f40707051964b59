import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/errors/index.ts';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'opsledger-oncall-config-'));

function loadFile(yaml: string) {
  const dir = emptyDir();
  const file = join(dir, 'opsledger.config.yaml');
  writeFileSync(file, yaml);
  return { file, load: () => loadConfig({ cwd: dir, env: {}, configPath: file }) };
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('oncall settings', () => {
  it('default to metrics.md: 15 weekly, 2 sleep-hour interruptions, 60 s, 08-18 business, 22-08 sleep', () => {
    expect(loadConfig({ env: {}, cwd: emptyDir() }).oncall).toEqual({
      burnoutWeeklyInterruptions: 15,
      burnoutSleepInterruptions: 2,
      interruptionWindowSeconds: 60,
      businessHours: { start: 8, end: 18 },
      sleepHours: { start: 22, end: 8 },
    });
  });

  it('read snake_case keys from the config file, partial sections keeping the other defaults', () => {
    const { load } = loadFile('oncall:\n  burnout_weekly_interruptions: 10\n  sleep_hours:\n    start: 23\n');
    const oncall = load().oncall;
    expect(oncall.burnoutWeeklyInterruptions).toBe(10);
    expect(oncall.sleepHours).toEqual({ start: 23, end: 8 });
    expect(oncall.businessHours).toEqual({ start: 8, end: 18 });
  });

  it('name the file, line and setting of a bad value', () => {
    const { file, load } = loadFile('oncall:\n  business_hours:\n    start: 18\n    end: 8\n');
    expect(messageOf(load)).toContain(
      `${file} line 4: oncall.business_hours.end: expected business hours within one day (start before end)`,
    );
    const hour = loadFile('oncall:\n  sleep_hours:\n    start: 25\n');
    expect(messageOf(hour.load)).toContain(
      `${hour.file} line 3: oncall.sleep_hours.start: expected an hour of the day, 0 to 24`,
    );
    const unknown = loadFile('oncall:\n  burnout_threshold: 3\n');
    expect(messageOf(unknown.load)).toMatch(/unknown setting 'burnout_threshold'/);
  });
});
