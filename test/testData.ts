/**
 * Where the tests find the real DICOM data (never copied into the project): SPINEPLAN_TEST_DATA, else
 * ../shared/data beside the repository. `missingTestData` says what is needed and where each set comes from
 * (their public sources and licences are listed in that folder's SOURCES.md).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const TEST_DATA_DIR = path.resolve(
  process.env.SPINEPLAN_TEST_DATA ?? path.resolve(import.meta.dirname, '../../shared/data'),
);

/** A file or folder inside the test data. */
export const testDataPath = (...parts: string[]): string => path.join(TEST_DATA_DIR, ...parts);

/** The sets the tests read, with their public origin. */
export const REQUIRED_TEST_DATA: readonly { path: string; source: string }[] = [
  {
    path: 'ct-series/pancreas-ct-cb001',
    source:
      'TCIA Pancreatic-CT-CBCT-SEG, subject Pancreas-CT-CB_001 (CC BY 4.0), as in github pyvista/vtk-data Data/DICOM_Stack at commit c43678d0',
  },
  {
    path: 'ct-series/lidc-idri-0314',
    source:
      'TCIA LIDC-IDRI-0314 (CC BY 3.0), the 160 most caudal slices of github FNNDSC/data dicom/andrei_abdomen',
  },
  {
    path: 'ct-series/ge-head-gantry-tilt',
    source: 'github neurolabusc/dcm_qa_ct In/GE (BSD-2-Clause): GE head CT with gantry tilt',
  },
  {
    path: 'ct-series/totalseg-example-ct-j2k',
    source: 'github wasserth/TotalSegmentator tests/reference_files/example_ct_dicom (Apache-2.0)',
  },
  {
    path: 'dicom-files',
    source:
      'single DICOM files from public test suites (cornerstone, dcmjs, pydicom, dwv...), see SOURCES.md',
  },
];

/** A message naming each missing set and its source, or undefined when everything is there. */
export function missingTestData(): string | undefined {
  const missing = REQUIRED_TEST_DATA.filter((d) => !existsSync(testDataPath(d.path)));
  if (missing.length === 0) return undefined;
  return [
    `Test data missing under ${TEST_DATA_DIR} (set SPINEPLAN_TEST_DATA to its folder):`,
    ...missing.map((d) => `  - ${d.path}: ${d.source}`),
  ].join('\n');
}
