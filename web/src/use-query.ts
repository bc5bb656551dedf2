import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { RequestError } from "./client";

/** A request's state as the page shows it: loading, failed (with a retry), or its data. */
export type Loaded<T> =
  | { status: "loading" }
  | { status: "error"; message: string; codes: string[]; retry: () => void }
  | { status: "done"; data: T; refetch: () => void };

/**
 * Runs `load` when `key` changes and keeps the latest answer only (a slow answer to an old key never
 * replaces a newer one). `refetch` asks again without going back to the loading state, so a live
 * update can refresh what is on screen in place.
 */
export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> | null {
  const [state, setState] = useState<Loaded<T> | null>(null);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(
    (quiet: boolean) => {
      const ticket = ++latest.current;
      if (!quiet) setState({ status: "loading" });
      loadRef.current().then(
        (data) => {
          if (ticket === latest.current) setState({ status: "done", data, refetch: () => run(true) });
        },
        (error: unknown) => {
          if (ticket !== latest.current) return;
          const message = error instanceof Error ? error.message : String(error);
          const codes = error instanceof RequestError ? error.codes : [];
          setState({ status: "error", message, codes, retry: () => run(false) });
        },
      );
    },
    [setState],
  );

  useEffect(() => {
    if (key === null) {
      latest.current++;
      setState(null);
      return;
    }
    run(false);
  }, [key, run]);
  return state;
}
