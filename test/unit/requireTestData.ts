/** Vitest global setup: without the real DICOM data, stop before any test, saying what is missing and its source. */
import { missingTestData } from '../testData';

export function setup(): void {
  const missing = missingTestData();
  if (missing) throw new Error(missing);
}
