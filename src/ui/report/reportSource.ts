import { createContext, useContext } from 'react';
import type { ReportImagesFor } from '../../planning/reportImage';
import type { ReadoutSource } from '../plan/readoutSource';

/** What the report needs from the volume side: the panel's readout context and the pictures. */
export interface PlanReportSource {
  readouts: ReadoutSource;
  imagesFor: ReportImagesFor;
}

export const PlanReportContext = createContext<PlanReportSource | null>(null);

/** The report source main.tsx provides; null where none is (the report button is then disabled). */
export const usePlanReportSource = (): PlanReportSource | null => useContext(PlanReportContext);
