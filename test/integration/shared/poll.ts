// Waiting where VS Code offers no event (a file another process writes, a webview's report):
// check often, give up at a deadline with what was seen last.

/**
 * Resolves with the first defined value `probe` returns, checking every `intervalMs`; rejects after
 * `timeoutMs` with `what` (a function is asked at that moment, so it can describe the last state)
 * and the last error the probe threw, if any.
 */
export async function pollUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string | (() => string),
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(
        `Timed out after ${timeoutMs / 1000} s waiting for ${typeof what === 'function' ? what() : what}${detail}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
