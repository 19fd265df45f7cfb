import { WeavrConfigError } from './errors.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

/** Anything console-like: `console`, pino, winston, a test spy. */
export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A logger that drops lines below `level`; callers check `enabled` so lines are built only when written. */
export interface LevelledLogger {
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  log(level: Exclude<LogLevel, 'off'>, message: string): void;
}

export function levelledLogger(
  where: string,
  logger: Logger | undefined,
  level: LogLevel | undefined,
): LevelledLogger {
  const min = RANK[level ?? 'warn'];
  if (min === undefined || !Object.hasOwn(RANK, level ?? 'warn')) {
    throw new WeavrConfigError(
      `${where}: logLevel must be one of debug, info, warn, error, off (got ${JSON.stringify(level)})`,
    );
  }
  if (logger !== undefined) {
    const missing = LEVELS.filter(
      (l) => typeof (logger as unknown as Record<string, unknown>)?.[l] !== 'function',
    );
    if (missing.length)
      throw new WeavrConfigError(
        `${where}: logger must have console-like methods; missing ${missing.join(', ')}`,
      );
  }
  const sink = logger ?? console;
  return {
    enabled: (l) => RANK[l] >= min,
    log: (l, message) => {
      if (RANK[l] >= min) sink[l](`[weavr] ${message}`);
    },
  };
}
