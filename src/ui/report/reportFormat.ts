/** Pure formatting and layout helpers of the printable report (tested in Node). */

/** DICOM DA "YYYYMMDD" (PS3.5 6.2) as "YYYY-MM-DD"; anything else is shown as given. */
export function dicomDate(da: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : da.trim();
}

/**
 * DICOM PN "Family^Given^Middle^Prefix^Suffix" (PS3.5 6.2.1) as "Family, Given Middle"; only the first
 * (alphabetic) component group, empty components dropped.
 */
export function dicomPersonName(pn: string): string {
  const [family = '', given = '', middle = ''] = (pn.split('=')[0] ?? '').split('^').map((s) => s.trim());
  const rest = [given, middle].filter(Boolean).join(' ');
  return family && rest ? `${family}, ${rest}` : family || rest;
}

/** Local date and time of printing, "2026-11-28 18:05". */
export function printedAt(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`;
}

/**
 * The printable area every page size leaves with 10 mm margins: A4 is 210 mm wide, US Letter 279.4 mm tall,
 * so a 190 x 259 mm sheet fits one page of either.
 */
export const SHEET_WIDTH_MM = 190;
export const SHEET_HEIGHT_MM = 259;
export const CSS_PX_PER_MM = 96 / 25.4;

/**
 * Kept free at the bottom of the sheet: zoomed text rounds its line boxes to whole device pixels, which made
 * a sheet fitted to the millimetre 1-3 mm taller in Chromium's print and spill onto a second Letter page.
 */
export const PRINT_SLACK_MM = 6;

/** Zoom (<= 1) that fits content of `heightPx` CSS pixels into one sheet, with the print slack. */
export function fitZoom(heightPx: number, sheetHeightMm = SHEET_HEIGHT_MM - PRINT_SLACK_MM): number {
  const heightMm = heightPx / CSS_PX_PER_MM;
  return heightMm <= sheetHeightMm ? 1 : Math.floor((sheetHeightMm / heightMm) * 1000) / 1000;
}

/** Scale bar for a picture: a round length (mm) about a quarter of its width, and its length in pixels. */
export function scaleBar(widthPx: number, mmPerPx: number): { mm: number; px: number } {
  const target = (widthPx * mmPerPx) / 4;
  const steps = [5, 10, 20, 25, 50, 100];
  const mm = steps.reduce(
    (best, s) => (Math.abs(s - target) < Math.abs(best - target) ? s : best),
    steps[0]!,
  );
  return { mm, px: mm / mmPerPx };
}
