import { describe, expect, it } from 'vitest';
import {
  CSS_PX_PER_MM,
  dicomDate,
  dicomPersonName,
  fitZoom,
  PRINT_SLACK_MM,
  printedAt,
  SHEET_HEIGHT_MM,
  scaleBar,
} from '../../src/ui/report/reportFormat';

describe('report layout and DICOM text', () => {
  it('fits the sheet: no zoom up to 253 mm, below 1 beyond (one A4 or Letter page with 10 mm margins)', () => {
    expect(SHEET_HEIGHT_MM).toBeLessThanOrEqual(279.4 - 20);
    const usable = SHEET_HEIGHT_MM - PRINT_SLACK_MM;
    expect(fitZoom(200 * CSS_PX_PER_MM)).toBe(1);
    expect(fitZoom(usable * CSS_PX_PER_MM)).toBe(1);
    const z = fitZoom(400 * CSS_PX_PER_MM);
    expect(z).toBeCloseTo(usable / 400, 2);
    // Rounded down, so the zoomed sheet never exceeds the page.
    expect(400 * z).toBeLessThanOrEqual(usable);
  });

  it('DICOM DA and PN as text (PS3.5 6.2)', () => {
    expect(dicomDate('20261128')).toBe('2026-11-28');
    expect(dicomDate(' 2026 ')).toBe('2026');
    expect(dicomPersonName('DOE^JOHN^Q^^')).toBe('DOE, JOHN Q');
    expect(dicomPersonName('DOE')).toBe('DOE');
    expect(dicomPersonName('^JOHN')).toBe('JOHN');
    // Only the alphabetic group; ideographic/phonetic groups follow '='.
    expect(dicomPersonName('Yamada^Tarou=山田^太郎')).toBe('Yamada, Tarou');
    // Markup stays text (React renders it as text; nothing is interpreted here).
    expect(dicomPersonName('<b>X</b>^Y')).toBe('<b>X</b>, Y');
  });

  it('scale bar: a round length near a quarter of the picture', () => {
    expect(scaleBar(256, 131 / 256)).toEqual({ mm: 25, px: 25 / (131 / 256) });
    expect(scaleBar(256, 80 / 256).mm).toBe(20);
    expect(printedAt(new Date(2026, 10, 28, 9, 5))).toBe('2026-11-28 09:05');
  });
});
