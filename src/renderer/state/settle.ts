import { err, type IpcResult } from '../../shared/util/result';

/** A bridge call that rejects (a preload/host bug) still yields an error value, never a throw. */
export async function settle<T>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call();
  } catch (e) {
    return err('internal', e instanceof Error ? e.message : 'The ACP Desk host did not answer');
  }
}
