import type { Vec3 } from './vec3';

/** "R 12.3  A 45.6  S 7.8": LPS coordinates with the anatomical letter a clinician reads (LPS: PS3.3 C.7.6.2.1.1). */
export function formatLps(p: Vec3, digits = 1): string {
  const axis = (value: number, negative: string, positive: string) =>
    `${value < 0 ? negative : positive} ${Math.abs(value).toFixed(digits)}`;
  return `${axis(p[0], 'R', 'L')}  ${axis(p[1], 'A', 'P')}  ${axis(p[2], 'I', 'S')} mm`;
}

/** DICOM DA "YYYYMMDD" -> "YYYY-MM-DD"; anything else is returned trimmed, as text. */
export function formatDicomDate(da: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : da.trim();
}

/** DICOM PN "Family^Given^Middle^Prefix^Suffix" (PS3.5 6.2.1) -> "Family, Given Middle". */
export function formatPersonName(pn: string): string {
  const alphabetic = pn.split('=')[0] ?? '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = alphabetic
    .split('^')
    .map((s) => s.trim());
  const rest = [prefix, given, middle, suffix].filter(Boolean).join(' ');
  return family && rest ? `${family}, ${rest}` : family || rest;
}
