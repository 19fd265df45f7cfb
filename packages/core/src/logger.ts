export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

/** Anything console-like. */
export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };

/** A logger that drops lines below `level`; lines are composed only when they will be written. */
export interface LevelledLogger {
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  log(level: Exclude<LogLevel, 'off'>, message: string): void;
}

export function levelledLogger(logger: Logger | undefined, level: LogLevel | undefined): LevelledLogger {
  const sink = logger ?? console;
  const min = RANK[level ?? 'warn'];
  if (min === undefined)
    throw new TypeError(`logLevel must be one of debug, info, warn, error, off (got ${String(level)})`);
  return {
    enabled: (l) => RANK[l] >= min,
    log: (l, message) => {
      if (RANK[l] >= min) sink[l](`[weavr] ${message}`);
    },
  };
}
