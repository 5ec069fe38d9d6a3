import { createContext, useContext } from 'react';
import type { ReportImagesFor } from '../../planning/reportImage';
import type { ReadoutSource } from '../plan/readoutSource';

/** What the report needs from the volume side: the panel's readout context and the pictures. */
export interface PlanReportSource {
  readouts: ReadoutSource;
  imagesFor: ReportImagesFor;
  /** The plan SR, no-go Segmentation and report PDF of the case in one zip (app/planObjectsExport.ts). */
  exportDicom?: () => Promise<{ fileName: string; bytes: Uint8Array; summary: string }>;
}

export const PlanReportContext = createContext<PlanReportSource | null>(null);

/** The report source main.tsx provides; null where none is (the report button is then disabled). */
export const usePlanReportSource = (): PlanReportSource | null => useContext(PlanReportContext);
