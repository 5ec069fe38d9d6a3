import type { PdfFontPrograms } from '../dicom/write/pdfWriter';

/**
 * The report PDF's fonts: DejaVu Sans and DejaVu Sans Bold, subset to Latin, Greek and Cyrillic (fonts/, with
 * their licence), shipped with the app. They are imported lazily, on the first report made, and kept: nothing
 * of them is loaded when the app starts. The `?inline` import makes each a separate chunk holding the font as
 * a data: URL, which reads the same in the browser, in a worker and in Node (the unit tests), with no request
 * to anywhere but the app's own origin.
 */

let loading: Promise<PdfFontPrograms> | undefined;

/** Bytes of a base64 data: URL. */
function dataUrlBytes(url: string): Uint8Array {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || !url.slice(0, comma).endsWith(';base64'))
    throw new Error('the report font did not load as a base64 data URL');
  const binary = atob(url.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The fonts' programs, loaded once. */
export function loadReportFonts(): Promise<PdfFontPrograms> {
  loading ??= Promise.all([
    import('./fonts/DejaVuSans-LGC.ttf?inline'),
    import('./fonts/DejaVuSans-Bold-LGC.ttf?inline'),
  ]).then(
    ([regular, bold]) => ({ regular: dataUrlBytes(regular.default), bold: dataUrlBytes(bold.default) }),
    (error: unknown) => {
      loading = undefined; // a failed chunk load may succeed on the next report
      throw error;
    },
  );
  return loading;
}
