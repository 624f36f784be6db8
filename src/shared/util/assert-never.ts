/** Exhaustiveness helper for our own unions (never for kinds that arrive from the wire). */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
