/** Node's custom inspect symbol, spelt out so the package imports nothing from `node:util` (browsers). */
export const inspect: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;
