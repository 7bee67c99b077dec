"use client";

import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from "react";
import { api, errorMessage } from "@/components/api-client";

export interface ApiData<T> {
  /** The last answer; null until the first one arrives. */
  data: T | null;
  /** For updating the value in place after a write, without asking the API again. */
  setData: Dispatch<SetStateAction<T | null>>;
  /** Why the last load failed (cleared by the next successful one). */
  loadError: string | undefined;
  /** Loads again ("Try again", or after a change elsewhere); resolves to the data, or undefined when it failed. */
  reload: () => Promise<T | undefined>;
}

/**
 * What a dashboard panel reads from the API when it mounts (GET `path`),
 * loaded the same way in every panel: data, the load error to show with a
 * "Try again" button, and reload. Failures become messages here, never
 * unhandled rejections.
 */
export function useApiData<T>(path: string): ApiData<T> {
  const [data, setData] = useState<T | null>(null);
  const [loadError, setLoadError] = useState<string>();

  const reload = useCallback(async () => {
    try {
      const value = await api.get<T>(path);
      setData(value);
      setLoadError(undefined);
      return value;
    } catch (error) {
      setLoadError(errorMessage(error));
      return undefined;
    }
  }, [path]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, setData, loadError, reload };
}
