import { createContext, useContext } from 'react';
import type { PatientPosition } from '../../planning/carm';
import type { Trajectory } from '../../planning/trajectory';
import type { ReadoutSource } from '../plan/readoutSource';

/**
 * A report picture as app/planReportImages.ts makes it (declared again here because ui may not import app;
 * main.tsx checks the two agree when it passes the source in).
 */
export type ReportMark =
  | { kind: 'line'; role: 'needle'; from: [number, number]; to: [number, number] }
  | { kind: 'ring'; role: 'target'; at: [number, number]; radiusPx: number }
  | { kind: 'dot'; role: 'entry'; at: [number, number] };

export interface ReportImage {
  id: string;
  title: string;
  caption: string;
  width: number;
  height: number;
  /** Grey levels 0..255, row-major, top row first. */
  grey: Uint8ClampedArray;
  marks: ReportMark[];
  letters: { right: string; up: string };
  mmPerPx: number;
}

/** What the report needs from the volume side: the panel's readout context and the pictures. */
export interface PlanReportSource {
  readouts: ReadoutSource;
  imagesFor: (t: Trajectory, position: PatientPosition) => Promise<ReportImage[]>;
}

export const PlanReportContext = createContext<PlanReportSource | null>(null);

/** The report source main.tsx provides; null where none is (the report button is then disabled). */
export const usePlanReportSource = (): PlanReportSource | null => useContext(PlanReportContext);
