import { createContext, useContext } from 'react';
import type { AcquiredImagesSource } from '../../core/acquiredImages';

export type { AcquiredFrame, AcquiredImagesSource, StoredPixels } from '../../core/acquiredImages';

/** The source of the acquired-images view (src/app/acquiredImages.ts implements it; main.tsx provides it). */
export const AcquiredImagesContext = createContext<AcquiredImagesSource>({
  frames: () => [],
  pixels: () => Promise.reject(new Error('No acquired images')),
});
export const useAcquiredImagesSource = (): AcquiredImagesSource => useContext(AcquiredImagesContext);
