import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `--name value` pairs as given on the command line (values validated by each bench's zod schema). */
export function flagPairs(argv: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) raw[(argv[i] ?? '').replace(/^--/, '')] = argv[i + 1] ?? '';
  return raw;
}

/**
 * Runs one phase of a bench in a fresh process (so its peak RSS is its own) and returns the JSON it prints;
 * its stderr (progress lines) goes to the terminal.
 */
export function runChild<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${script} phase exited with ${code}`)),
    );
  });
}
