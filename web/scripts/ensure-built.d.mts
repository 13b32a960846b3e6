/** True when web/dist is missing or older than the console's sources. */
export function consoleIsStale(): boolean;
/** Builds the console if stale; true when it built. */
export function ensureConsoleBuilt(): boolean;
