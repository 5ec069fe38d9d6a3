import { create } from 'zustand';
import type { CapabilityAssessment, GpuCapabilities } from '../core/capabilities';

export interface CapabilityState {
  gpu: GpuCapabilities | null;
  assessment: CapabilityAssessment | null;
  setCapabilities: (gpu: GpuCapabilities, assessment: CapabilityAssessment) => void;
}

export const useCapabilityStore = create<CapabilityState>()((set) => ({
  gpu: null,
  assessment: null,
  setCapabilities: (gpu, assessment) => set({ gpu, assessment }),
}));
