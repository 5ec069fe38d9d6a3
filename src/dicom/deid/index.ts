/** De-identification (PS3.15 E.1.1 Basic Application Level Confidentiality Profile) of Part 10 files. */
export { BASIC_PROFILE_CODE, type DeidentifiedFile, deidentifyPart10 } from './deidentify';
export { deidentifyFiles, type NamedDicomFile } from './files';
export { ACTION_WORDS, type RemovalEntry, RemovalLog } from './removalLog';
export { createUidMap, type UidMap } from './uidMap';
