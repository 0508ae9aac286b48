/** One rung of the backend ladder: a name and a `tryInit()` that either makes the backend current or says why not. */
import type { AdapterInfo, BackendName } from '../../shared/trainerProtocol';

/** What a rung's `tryInit()` returns. */
export type RungResult = { ok: true; adapterInfo?: AdapterInfo; note?: string } | { ok: false; reason: string };

/** What the ladder tells a rung it tries. */
export interface RungContext {
  /** The user forced this backend: a rung may then accept what it would refuse on its own (a software adapter). */
  forced?: boolean;
}

/** A backend the trainer can train on. */
export interface Rung {
  name: BackendName;
  /** Loads and selects the backend with `tf.setBackend`; never throws. */
  tryInit(context?: RungContext): Promise<RungResult>;
}

/** The message of anything thrown, on one line. */
export function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0].trim();
}

/** Whether a Node package can be found from the trainer, without loading it. */
export function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** Says why a native add-on failed to load: the sandbox forbids add-ons, or the loader's own words. */
export function loadFailure(pkg: string, e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ERR_DLOPEN_DISABLED' || code === 'ERR_ACCESS_DENIED') {
    return `${pkg} is a native add-on and the trainer's sandbox was started without --allow-addons`;
  }
  return `${pkg} failed to load: ${errorText(e)}`;
}
