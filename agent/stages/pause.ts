// A wait inside the execute stage that ends early at the stage deadline or on abort, so pacing, retries and
// error back-off never stretch a stage past its duration or delay an abort.
export async function pause(ms: number, deadline: number, signal: AbortSignal): Promise<void> {
  const until = Math.min(Date.now() + ms, deadline);
  const wait = until - Date.now();
  if (wait <= 0 || signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, wait);
    signal.addEventListener('abort', done, { once: true });
  });
}
