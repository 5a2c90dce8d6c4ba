import { create } from 'zustand';

/** One transition as the simulator sees it from the record's stage: open, or closed with every reason. */
interface SimulatedOption {
  transition: string;
  to: string;
  available: boolean;
  reasons: string[];
}

export interface State {
  active: boolean;
  /** The stage the sample record is in, highlighted on the canvas. */
  stage: string | null;
  options: SimulatedOption[];
}
export interface Actions {
  show: (input: { stage: string; options: SimulatedOption[] }) => void;
  stop: () => void;
}

/**
 * What the simulator shows on the canvas (the simulation itself lives in useSimulation).
 * @example useSimulationStore.getState().show({ stage: 'lead', options: [] })
 */
export const useSimulationStore = create<State & Actions>()((set) => ({
  active: false,
  stage: null,
  options: [],
  show: ({ stage, options }) => set({ active: true, stage, options }),
  stop: () => set({ active: false, stage: null, options: [] }),
}));
