// The page's calls to the simulator: its view of the state, and the actions it takes as a person.

import type { UiState } from '../ui-model.js';

export interface ActionAnswer {
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

export async function fetchState(as: string): Promise<UiState> {
  const res = await fetch(`/ui/state?as=${encodeURIComponent(as)}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`The workspace could not be read (HTTP ${res.status})`);
  return (await res.json()) as UiState;
}

export async function act(path: string, body: Record<string, unknown>): Promise<ActionAnswer> {
  try {
    const res = await fetch(`/ui/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as ActionAnswer;
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
