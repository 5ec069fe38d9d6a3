import { create } from 'zustand';
import type { Vec3 } from '../core/vec3';

/** A review comment waiting for the point it is pinned to, clicked in the 3D view. */
export interface ReviewPinRequest {
  by: string;
  text: string;
}

/** What became of the last request (the review panel says it). */
export type ReviewPinOutcome =
  | { kind: 'pinned'; pointLps: Vec3 }
  | { kind: 'missed' }
  | { kind: 'failed'; error: string }
  | { kind: 'cancelled' };

export interface ReviewPinState {
  /** While set, a click in the 3D view pins this comment on the surface under the pointer. */
  pending: ReviewPinRequest | null;
  outcome: ReviewPinOutcome | null;
  arm: (request: ReviewPinRequest) => void;
  /** Ends the request (pinned, failed, cancelled), or keeps it armed after a miss. */
  finish: (outcome: ReviewPinOutcome) => void;
}

/** "Pin on the 3D view" (issue 22): the review panel arms it, the 3D view's picker fulfils it. */
export const useReviewPinStore = create<ReviewPinState>()((set) => ({
  pending: null,
  outcome: null,
  arm: (request) => set({ pending: request, outcome: null }),
  finish: (outcome) => set((s) => ({ outcome, pending: outcome.kind === 'missed' ? s.pending : null })),
}));
