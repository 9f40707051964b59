import { spawn } from 'node:child_process';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI entry point (bin/opsledger.js) in a child process, with a clean opsledger environment. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd = process.cwd(),
): Promise<CliResult> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PAGERDUTY|JIRA|GITHUB|OPSLEDGER)_/.test(k)),
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${process.cwd()}/bin/opsledger.js`, ...args], {
      env: { ...base, ...env },
      cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
