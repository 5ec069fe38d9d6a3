import { useSyncExternalStore } from 'react';
import type { ProposalOptions, TemplateTruth } from '../../planning/proposal';
import type { ReadoutContext } from '../../planning/readouts';

/**
 * What the plan panel needs from the volume side, as a prop from main.tsx (built by app/readoutContext.ts,
 * which may see the Volume and the phantom; the UI layer may not). Structurally identical to that module's
 * `ReadoutSource`, declared here because ui may not import app.
 */
export interface ReadoutSource {
  contextFor: (level: string) => ReadoutContext;
  /**
   * For template proposals: the demo's ground truth, or on patient CT the found spine analysis (same shape;
   * `origin` says which), and the skin sampler.
   */
  proposalInputs: () => {
    truth: TemplateTruth | undefined;
    origin: 'demo' | 'analysis' | undefined;
    options: ProposalOptions;
  };
  subscribe: (listener: () => void) => () => void;
  version: () => number;
}

/** Re-renders when the volume or the demo truth behind the readouts changes; returns the change counter. */
export const useReadoutVersion = (source: ReadoutSource): number =>
  useSyncExternalStore(source.subscribe, source.version);
