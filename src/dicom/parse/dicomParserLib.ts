import * as dicomParserNamespace from 'dicom-parser';

type DicomParserLib = typeof dicomParserNamespace;

/**
 * dicom-parser ships one UMD bundle: Node's ESM loader exposes it only as `default`, bundlers (Vite)
 * as named exports. Both shapes end up here as one object.
 */
export const dicomParser: DicomParserLib =
  (dicomParserNamespace as unknown as { default?: DicomParserLib }).default ?? dicomParserNamespace;

export type { DataSet, Element, Fragment } from 'dicom-parser';

/** dicom-parser exports its DataSet class at runtime, but its typings omit it. */
export const DataSetClass = (
  dicomParser as unknown as {
    DataSet: new (
      parser: dicomParserNamespace.ByteArrayParser,
      byteArray: Uint8Array,
      elements: Record<string, dicomParserNamespace.Element>,
    ) => dicomParserNamespace.DataSet;
  }
).DataSet;
