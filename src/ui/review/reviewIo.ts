import type { Result } from '../../core/errors';
import type { Plan } from '../../planning/planFile';
import type { PatientMesh } from '../patient/patientHtml';

/** What the review panel needs from the app side (app/caseBundle.ts createReviewIo), supplied by main.tsx. */
export interface ReviewIo {
  /** The active case and plan as one case bundle file (images de-identified unless `deidentify` is false). */
  exportBundle: (
    deidentify: boolean,
  ) => Promise<Result<{ bytes: Uint8Array; fileName: string; removed: string[] }>>;
  /** Opens a case bundle: its images, then its plan with comments and history. */
  openBundle: (file: Blob) => Promise<Result<Plan>>;
  /** The reviewer's answer for the planner. */
  exportReview: (reviewer: string) => Result<{ text: string; fileName: string }>;
  /** Merges a reviewer's answer into the active plan. */
  importReview: (
    file: Blob,
  ) => Promise<Result<{ olderVersion: boolean; added: string[]; conflicts: string[] }>>;
  /** The open CT's decimated bone model for the patient view. */
  patientMesh: () => Result<PatientMesh>;
}
