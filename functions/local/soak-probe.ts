/**
 * For `npm run soak` only: lets the soak driver, the parent of this server process, force a garbage collection and
 * read the memory after it, so a growing RSS is told apart from garbage not yet collected. Three things must all
 * be true, none of which ordinary use has: SKILLFUND_SOAK=1, an IPC channel to the parent, and node --expose-gc.
 * Nothing is reachable over HTTP.
 */
export function listenForSoakProbes(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (process.env.SKILLFUND_SOAK !== '1' || !process.send || !gc) return false;
  process.on('message', (message: { type?: string; id?: number }) => {
    if (message?.type !== 'gc') return;
    gc();
    process.send!({ type: 'memory', id: message.id, ...process.memoryUsage() });
  });
  return true;
}
