/** Minimal leveled logger. Everything that is printed goes through `redact` so tokens never reach a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const secrets = new Set<string>();

/** Register a secret value so that it is masked wherever it would be printed. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out.replace(/(Token token=|Bearer |Basic |token )[A-Za-z0-9._~+/=-]{6,}/g, '$1***');
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
  const at = (lvl: LogLevel) => (message: string) => {
    if (order[lvl] >= order[level]) write(redact(lvl === 'info' ? message : `${lvl}: ${message}`));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = createLogger('silent');
