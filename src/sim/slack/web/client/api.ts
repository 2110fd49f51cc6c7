// The page's actions as a person: POST /ui/<path>, answered with `ok` and, when it fails, an error to show.

export interface ActionAnswer {
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

export const act = (path: string, body: Record<string, unknown>): Promise<ActionAnswer> =>
  fetch(`/ui/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
    .then((res) => res.json() as Promise<ActionAnswer>)
    .catch((error: unknown) => ({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    }));
