import { useCallback, useEffect, useState } from 'react';
import { shownProblem, type Shown } from '../problems';

/** Loads once (and again on `reload`): the answer, or the refusal to show. */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [data, setData] = useState<T>();
  const [shown, setShown] = useState<Shown>();
  // `key` says when the call changes (its parameters), so a new closure per render does not reload.
  const run = useCallback(load, [key]);
  const reload = useCallback(() => {
    setShown(undefined);
    run()
      .then(setData)
      .catch((error) => setShown(shownProblem(error)));
  }, [run]);
  useEffect(reload, [reload]);
  return { data, shown, reload };
}
