import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/errors/index.ts';
import { redact } from '../../src/logger.ts';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'opsledger-config-'));

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('masks a Redis password in the redacted config and in log lines', () => {
    const config = loadConfig({
      env: { REDIS_URL: 'redis://worker:s3cr%40t-pw@redis.internal:6380/2' },
      cwd: emptyDir(),
    });
    expect(config.redisUrl).toBe('redis://worker:s3cr%40t-pw@redis.internal:6380/2');
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).toContain('redis://worker:***@redis.internal:6380/2');
    expect(shown).not.toContain('s3cr');
    expect(redact('connect failed: s3cr@t-pw rejected')).not.toContain('s3cr@t-pw');
  });

  it('gives sane defaults with nothing set', () => {
    const config = loadConfig({ env: {}, cwd: emptyDir() });
    expect(config.warehouse).toBe('./data/opsledger.duckdb');
    expect(config.timezone).toBe('UTC');
    expect(config.pagerduty.apiUrl).toBe('https://api.pagerduty.com');
    expect(config.pagerduty.token).toBeUndefined();
    expect(config.github.apiUrl).toBe('https://api.github.com');
    expect(config.pagerduty.severity.priorities.P1).toBe('SEV1');
  });

  it('reads the documented environment variables', () => {
    const config = loadConfig({
      cwd: emptyDir(),
      env: {
        PAGERDUTY_TOKEN: 'pd-secret-123',
        PAGERDUTY_API_URL: 'https://api.eu.pagerduty.com/',
        GITHUB_API_URL: 'https://ghe.example.com/api/v3',
        OPSLEDGER_WAREHOUSE: '/tmp/x.duckdb',
        OPSLEDGER_TIMEZONE: 'Europe/Berlin',
        REDIS_URL: 'redis://10.0.0.1:6380',
        JIRA_HOST: 'https://acme.atlassian.net',
      },
    });
    expect(config.pagerduty.token).toBe('pd-secret-123');
    expect(config.pagerduty.apiUrl).toBe('https://api.eu.pagerduty.com');
    expect(config.github.apiUrl).toBe('https://ghe.example.com/api/v3');
    expect(config.warehouse).toBe('/tmp/x.duckdb');
    expect(config.timezone).toBe('Europe/Berlin');
    expect(config.redisUrl).toBe('redis://10.0.0.1:6380');
    expect(config.jira.host).toBe('https://acme.atlassian.net');
    expect(redact('token pd-secret-123 leaked')).not.toContain('pd-secret-123');
  });

  it('names the environment variable and what is expected when a value is invalid', () => {
    const error = configError(() =>
      loadConfig({
        cwd: emptyDir(),
        env: { OPSLEDGER_TIMEZONE: 'Mars/Olympus', PAGERDUTY_API_URL: 'ftp://x' },
      }),
    );
    expect(error.message).toContain('OPSLEDGER_TIMEZONE: expected an IANA time zone');
    expect(error.message).toContain('PAGERDUTY_API_URL: expected an http(s) URL');
  });

  it('takes a DuckDB memory limit from OPSLEDGER_MEMORY_LIMIT or memory_limit, and refuses a size without a unit', () => {
    expect(loadConfig({ cwd: emptyDir(), env: {} }).memoryLimit).toBeUndefined();
    expect(loadConfig({ cwd: emptyDir(), env: { OPSLEDGER_MEMORY_LIMIT: '2GB' } }).memoryLimit).toBe('2GB');
    const dir = emptyDir();
    writeFileSync(join(dir, 'opsledger.config.yaml'), 'memory_limit: 768MiB\n');
    expect(loadConfig({ cwd: dir, env: {} }).memoryLimit).toBe('768MiB');
    const error = configError(() => loadConfig({ cwd: emptyDir(), env: { OPSLEDGER_MEMORY_LIMIT: '512' } }));
    expect(error.message).toContain('OPSLEDGER_MEMORY_LIMIT: expected a size such as 512MB or 2GB');
  });

  it('lets the config file override the environment, with snake_case keys', () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, 'opsledger.config.yaml'),
      'timezone: Asia/Kolkata\npagerduty:\n  history_days: 30\n',
    );
    const config = loadConfig({ cwd: dir, env: { OPSLEDGER_TIMEZONE: 'Europe/Berlin' } });
    expect(config.timezone).toBe('Asia/Kolkata');
    expect(config.pagerduty.historyDays).toBe(30);
  });

  it('names the file, line and setting of a bad value in the config file', () => {
    const dir = emptyDir();
    const file = join(dir, 'custom.yaml');
    writeFileSync(file, 'warehouse: ./w.duckdb\npagerduty:\n  api_url: not a url\n');
    const error = configError(() => loadConfig({ cwd: dir, env: {}, configPath: file }));
    expect(error.message).toContain(`${file} line 3: pagerduty.api_url: expected an http(s) URL`);
  });

  it('rejects unknown settings and broken YAML with the file named', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'opsledger.config.yaml'), 'warehose: typo.duckdb\n');
    expect(configError(() => loadConfig({ cwd: dir, env: {} })).message).toMatch(
      /unknown setting 'warehose'/,
    );
    writeFileSync(join(dir, 'opsledger.config.yaml'), 'pagerduty: [unclosed\n');
    expect(configError(() => loadConfig({ cwd: dir, env: {} })).message).toMatch(
      /opsledger\.config\.yaml.*not valid YAML/,
    );
  });

  it('fails clearly when OPSLEDGER_CONFIG points at a missing file', () => {
    const error = configError(() => loadConfig({ cwd: emptyDir(), env: { OPSLEDGER_CONFIG: 'nope.yaml' } }));
    expect(error.message).toMatch(/nope\.yaml cannot be read: ENOENT/);
  });

  it('reads a .env file, and the real environment wins over it', () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, '.env'),
      'OPSLEDGER_TIMEZONE=Europe/Paris\nOPSLEDGER_WAREHOUSE=/tmp/from-dotenv.duckdb\n',
    );
    const config = loadConfig({ cwd: dir, env: { OPSLEDGER_WAREHOUSE: '/tmp/from-env.duckdb' } });
    expect(config.timezone).toBe('Europe/Paris');
    expect(config.warehouse).toBe('/tmp/from-env.duckdb');
  });

  it('validates the severity mapping', () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, 'opsledger.config.yaml'),
      'pagerduty:\n  severity:\n    priorities:\n      P1: CRITICAL\n',
    );
    expect(configError(() => loadConfig({ cwd: dir, env: {} })).message).toMatch(
      /pagerduty\.severity\.priorities\.P1/,
    );
  });
});
