// One operator action from a dialog or menu: busy while it runs, and a refusal kept as the message to show.
import { shallowRef } from 'vue';
import { shownError } from './hall-error';

export function useHallAction() {
  const busy = shallowRef(false);
  /** The last refusal, in words the operator can act on; cleared when the next action starts. */
  const error = shallowRef<string | null>(null);

  /** Runs `action`; returns false (and sets `error`) when the host or the action refused. */
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      await action();
      return true;
    } catch (err) {
      error.value = shownError(err).detail;
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, run };
}
