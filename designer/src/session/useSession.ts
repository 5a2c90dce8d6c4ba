import { create } from 'zustand';

const API_KEY_STORAGE_KEY = 'funnel.apiKey';

export interface State {
  /** The API key of this browser tab's session (sessionStorage: gone when the tab closes). */
  apiKey: string | null;
}
export interface Actions {
  signIn: (apiKey: string) => void;
  signOut: () => void;
}

/**
 * The signed-in API key, kept for the session only.
 * @example useSession.getState().signIn('fk_live_…')
 */
export const useSession = create<State & Actions>()((set) => ({
  apiKey: globalThis.sessionStorage?.getItem(API_KEY_STORAGE_KEY) ?? null,
  signIn: (apiKey) => {
    sessionStorage.setItem(API_KEY_STORAGE_KEY, apiKey);
    set({ apiKey });
  },
  signOut: () => {
    sessionStorage.removeItem(API_KEY_STORAGE_KEY);
    set({ apiKey: null });
  },
}));
