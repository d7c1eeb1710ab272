import { useState } from 'react';
import { shownProblem, type Shown } from '../problems';

/**
 * One command of a screen: busy while it runs (the button says so and cannot be pressed twice), and the refusal to
 * show when it is refused. `run` answers whether the command went through.
 */
export function useAction() {
  const [shown, setShown] = useState<Shown>();
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setShown(undefined);
    try {
      await call();
      return true;
    } catch (error) {
      setShown(shownProblem(error));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { shown, busy, run, setShown };
}
