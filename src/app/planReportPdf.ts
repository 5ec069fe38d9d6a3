import { angleDeg, distance, sub, type Vec3 } from '../core/vec3';
import { type PdfFontPrograms, PdfWriter, type Rgb01 } from '../dicom/write/pdfWriter';
import { parseHexColour } from '../dicom/write/segColour';
import { type PatientPosition, roomAngleLabel } from '../planning/carm';
import type { Plan } from '../planning/planFile';
import {
  planClearanceStructures,
  planTrajectoryReadouts,
  type ReadoutContext,
  type TrajectoryReadouts,
} from '../planning/readouts';
import type { ReportImage, ReportImagesFor } from '../planning/reportImage';
import { planReview, reviewLineText } from '../planning/review';
import { PROCEDURE_LABELS, type Trajectory } from '../planning/trajectory';
import type { VolumeMetadata } from '../volume/volume';
import { loadReportFonts } from './reportFonts';

/**
 * The printable plan report as PDF bytes (for the Encapsulated PDF in the study and the export zip): the same
 * content as the on-screen report (ui/report: study header, disclaimer, per trajectory its pictures, numbers,
 * C-arm recipe and clearance, measurements, sign-off, coordinate footer), laid out on A4 pages by
 * dicom/write/pdfWriter.ts. The browser's own Print / Save PDF stays for paper.
 */

export interface PlanReportPdfModel {
  plan: Plan;
  metadata: VolumeMetadata;
  caseName: string;
  /** "2026-12-07 01:02", printed in the header. */
  printedAt: string;
  position: PatientPosition;
  readouts: TrajectoryReadouts[];
  /** Per trajectory, in plan order. */
  images: ReportImage[][];
  /** The embedded fonts' programs (reportFonts.ts loads them when a report is made). */
  fonts: PdfFontPrograms;
}

const MARGIN = 10;
const WIDTH = 190;
const BOTTOM = 285;
const GREY: Rgb01 = [0.35, 0.35, 0.35];
const RED: Rgb01 = [0.75, 0.05, 0.05];
const YELLOW: Rgb01 = [1, 0.83, 0];
const lps = (p: readonly number[]) => `(${p.map((v) => v.toFixed(1)).join(', ')})`;
const mm = (v: number) => `${v.toFixed(1)} mm`;
const deg = (v: number) => `${v.toFixed(1)}°`;
const signedDeg = (v: number) => `${v > 0 ? '+' : v < 0 ? '-' : ''}${Math.abs(v).toFixed(1)}°`;
const dicomDate = (da: string) =>
  /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : da;
const personName = (pn: string) => {
  const [family = '', given = '', middle = ''] = (pn.split('=')[0] ?? '').split('^').map((s) => s.trim());
  const rest = [given, middle].filter(Boolean).join(' ');
  return family && rest ? `${family}, ${rest}` : family || rest;
};
const rgb01 = (hex: string): Rgb01 => {
  const c = parseHexColour(hex) ?? [255, 60, 120];
  return [c[0] / 255, c[1] / 255, c[2] / 255];
};

function measurementValue(m: Plan['measurements'][number]): string {
  if (m.kind === 'distance') return `Distance ${mm(distance(m.aLps, m.bLps))}`;
  if (m.kind === 'angle') return `Angle ${deg(angleDeg(sub(m.aLps, m.vertexLps), sub(m.bLps, m.vertexLps)))}`;
  return `HU region, radius ${mm(distance(m.centreLps, m.rimLps))} at ${lps(m.centreLps as Vec3)} mm LPS`;
}

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The note for characters the report's font lacks: how many, which (as code points), and that copying keeps them. */
export function missingCharactersNote(missing: readonly string[]): string {
  const list = `${missing.slice(0, 12).map(codePoint).join(', ')}${missing.length > 12 ? ', ...' : ''}`;
  const count =
    missing.length === 1
      ? 'One character of this report is'
      : `${missing.length} characters of this report are`;
  return `${count} not in its font (${list}) and printed as boxes; the PDF's text (search, copy) holds them as written.`;
}

/** Lays out the report; pure (no clock, no DOM), so the same model gives the same bytes. */
export function planReportPdf(model: PlanReportPdfModel): Uint8Array {
  const pdf = new PdfWriter({ title: `Spine injection plan - ${model.caseName}`, fonts: model.fonts });
  let y = MARGIN;
  const need = (h: number) => {
    if (y + h > BOTTOM) {
      pdf.addPage();
      y = MARGIN + 4;
    }
  };
  const paragraph = (
    text: string,
    sizePt: number,
    opts: { bold?: boolean; colour?: Rgb01; x?: number; width?: number } = {},
  ) => {
    const lineMm = sizePt * 0.42;
    for (const line of pdf.wrapText(text, opts.width ?? WIDTH, sizePt, opts.bold)) {
      need(lineMm);
      y += lineMm;
      pdf.text(opts.x ?? MARGIN, y, line, { sizePt, bold: opts.bold, colour: opts.colour });
    }
  };

  pdf.addPage();
  y += 6;
  pdf.text(MARGIN, y, 'Spine injection plan', { sizePt: 16, bold: true });
  pdf.text(MARGIN + 150, y, `Printed ${model.printedAt}`, { sizePt: 8, colour: GREY });
  paragraph(model.caseName, 9, { colour: GREY });
  const md = model.metadata;
  if (md.isDemo) paragraph('DEMO - not patient data (procedural phantom)', 10, { bold: true, colour: RED });
  y += 2;
  paragraph(
    `Patient: ${personName(md.patientName) || '-'}    ID: ${md.patientId || '-'}    Study: ${dicomDate(md.studyDate) || '-'} ${md.studyDescription}    Series: ${md.modality} ${md.seriesDescription}`,
    9,
  );
  y += 1;
  paragraph(
    "Planning aid - verify under fluoroscopy. Distances and angles come from this CT; the patient's position on the table, breathing and needle bending change them.",
    8.5,
    { bold: true },
  );
  const convention = model.readouts.find((r) => r.carm)?.carm?.convention;
  if (convention) paragraph(`C-arm angles: ${convention}`, 7, { colour: GREY });
  if (model.plan.trajectories.length === 0) paragraph('No trajectories planned.', 9);

  for (const [index, t] of model.plan.trajectories.entries()) trajectorySection(t, index);

  if (model.plan.measurements.length > 0) {
    y += 3;
    paragraph('Measurements', 10, { bold: true });
    for (const m of model.plan.measurements) paragraph(`${m.name}: ${measurementValue(m)}`, 8.5);
  }
  y += 4;
  need(16);
  if (model.plan.review) paragraph(reviewLineText(planReview(model.plan)), 8.5, { bold: true });
  y += 6;
  pdf.text(
    MARGIN,
    y,
    'Planned by ______________________   Date __________   Checked by ______________________   Date __________',
    { sizePt: 8.5 },
  );
  y += 3;
  // Characters the embedded font lacks (e.g. CJK) print as boxes: say so on the page, by code point.
  const missing = pdf.missingCharacters;
  if (missing.length > 0) paragraph(missingCharactersNote(missing), 7, { colour: RED, bold: true });
  paragraph(
    `Points are DICOM patient coordinates (LPS: +x left, +y posterior, +z head; mm)${md.frameOfReferenceUid ? ` in frame of reference ${md.frameOfReferenceUid}` : ''}. Pictures: CT resliced along the needle and simulated C-arm images (isocentre at the target), computed from the CT.`,
    6.5,
    { colour: GREY },
  );
  return pdf.bytes();

  function trajectorySection(t: Trajectory, index: number) {
    const r = model.readouts[index]!;
    const images = model.images[index] ?? [];
    const colour = rgb01(t.colour);
    const left: string[] = [`Length ${mm(r.lengthMm)} skin to target`];
    if (r.needle) {
      const check =
        r.lengthCheck && !r.lengthCheck.longEnough ? ` - TOO SHORT by ${mm(r.lengthCheck.shortfallMm)}` : '';
      left.push(`Needle ${r.needle.label}${check}`);
    }
    if (r.angles) {
      const a = r.angles;
      left.push(
        `Angles: ${a.medialDeg !== undefined ? `medial ${deg(a.medialDeg)}` : `medio-lateral ${deg(a.mediolateralDeg)}`}, cranio-caudal ${signedDeg(a.craniocaudalDeg)}`,
      );
    }
    if (r.endplate)
      left.push(
        `To the endplate: ${deg(r.endplate.angleToPlaneDeg)} (cranio-caudal ${signedDeg(r.endplate.craniocaudalDeg)})`,
      );
    left.push(`Entry ${lps(t.entryLps)} -> target ${lps(t.targetLps)} mm LPS`);
    if (t.proposal) left.push(`Proposal - check it. ${t.proposal.note}`);
    const right: string[] = [];
    if (r.carm) {
      right.push(`C-arm recipe, patient ${r.carm.position}:`);
      for (const [name, view] of [
        ["Bull's-eye", r.carm.bullsEye],
        ['Progression', r.carm.progression],
        ['Lateral', r.carm.lateral],
      ] as const)
        right.push(
          `${name}: ${roomAngleLabel(view, view.position)} (oblique ${signedDeg(view.obliqueDeg)}, tilt ${signedDeg(view.tiltDeg)}) - ${view.words}`,
        );
      right.push(
        `DICOM positioner angles (bull's-eye): primary ${deg(r.carm.bullsEye.dicomPrimaryAngleDeg)}, secondary ${deg(r.carm.bullsEye.dicomSecondaryAngleDeg)}`,
      );
    }
    if (r.clearance.length > 0) {
      right.push('Clearance (needle surface, gauge included):');
      for (const c of r.clearance.slice(0, 4))
        right.push(
          `${c.name}: ${c.found ? mm(c.minDistanceMm) : `> ${c.minDistanceMm.toFixed(0)} mm`}${c.violates ? ' TOUCHES' : ''} at ${mm(c.depthMm)}`,
        );
    }
    // The whole section on one page when it fits (a page break inside the two columns would split them).
    const lineHeight = (sizePt: number, list: readonly string[], width: number, bold = false) =>
      list.reduce((h, line) => h + pdf.wrapText(line, width, sizePt, bold).length * sizePt * 0.42, 0);
    const leftHeight =
      lineHeight(
        8,
        r.warnings.map((w) => `! ${w}`),
        92,
        true,
      ) + lineHeight(8, left, 92);
    const columnsHeight = Math.max(leftHeight, lineHeight(7.5, right, 94));
    const shown = images.slice(0, 5);
    const size = shown.length > 0 ? Math.min(36.4, (WIDTH - 4 * 2) / shown.length) : 0;
    const procedure = t.name.includes(PROCEDURE_LABELS[t.procedure])
      ? ''
      : ` - ${PROCEDURE_LABELS[t.procedure]}`;
    // A long name wraps (the embedded font's widths) instead of running off the page.
    const heading = pdf.wrapText(
      `${index + 1}. ${t.name}${procedure} (level ${t.level || 'not set'}, ${t.side})`,
      WIDTH - 5,
      11,
      true,
    );
    const headingMm = (heading.length - 1) * 11 * 0.42;
    y += 4;
    need(Math.min(BOTTOM - MARGIN - 4, 7 + headingMm + (shown.length > 0 ? size + 10 : 0) + columnsHeight));
    y += 5;
    pdf.rect(MARGIN, y - 3, 3, 3, colour);
    for (const [i, line] of heading.entries()) {
      if (i > 0) y += 11 * 0.42;
      pdf.text(MARGIN + 5, y, line, { sizePt: 11, bold: true });
    }
    y += 2;
    if (shown.length > 0) {
      for (const [i, image] of shown.entries())
        drawImage(image, MARGIN + i * (size + 2), y + 3, size, colour);
      y += size + 10;
    }
    const top = y;
    for (const w of r.warnings) paragraph(`! ${w}`, 8, { colour: RED, bold: true, width: 92 });
    for (const line of left) paragraph(line, 8, { width: 92 });
    const leftEnd = y;
    y = top;
    for (const line of right) paragraph(line, 7.5, { x: MARGIN + 96, width: 94 });
    y = Math.max(y, leftEnd);
  }

  function drawImage(image: ReportImage, x: number, top: number, size: number, colour: Rgb01) {
    pdf.text(x, top - 0.8, image.title, { sizePt: 6.5, bold: true });
    pdf.greyImage(image.grey, image.width, image.height, x, top, size, size);
    const s = size / image.width;
    const px = (p: readonly [number, number]): [number, number] => [x + p[0] * s, top + p[1] * s];
    for (const mark of image.marks) {
      if (mark.kind === 'line') {
        const [a, b] = [px(mark.from), px(mark.to)];
        pdf.line(a[0], a[1], b[0], b[1], { widthMm: 0.45, colour });
      } else if (mark.kind === 'dot') {
        const c = px(mark.at);
        pdf.circle(c[0], c[1], 0.6, colour);
      } else {
        const c = px(mark.at);
        pdf.circle(c[0], c[1], Math.max(0.5, mark.radiusPx * s), undefined, { widthMm: 0.3, colour: YELLOW });
      }
    }
    pdf.text(x + size - 2.5, top + size / 2 + 1, image.letters.right, { sizePt: 6.5, colour: YELLOW });
    pdf.text(x + size / 2 - 1, top + 3, image.letters.up, { sizePt: 6.5, colour: YELLOW });
    for (const [i, line] of pdf.wrapText(image.caption, size, 5.5).slice(0, 2).entries())
      pdf.text(x, top + size + 2.4 + i * 2.3, line, { sizePt: 5.5, colour: GREY });
  }
}

/** Everything the PDF needs, gathered from the case: the readouts for the given position and the pictures. */
export async function buildPlanReportPdf(args: {
  plan: Plan;
  metadata: VolumeMetadata;
  caseName: string;
  printedAt: string;
  position: PatientPosition;
  contextFor: (level: string) => ReadoutContext;
  imagesFor: ReportImagesFor;
  /** The fonts; by default the app's own (loaded once, on the first report). */
  fonts?: PdfFontPrograms;
}): Promise<Uint8Array> {
  const inputs = {
    planStructures: planClearanceStructures(args.plan),
    warningDistanceMm: args.plan.clearanceWarningMm,
    patientPosition: args.position,
  };
  const readouts = args.plan.trajectories.map((t) =>
    planTrajectoryReadouts(t, args.contextFor(t.level), inputs),
  );
  const [images, fonts] = await Promise.all([
    Promise.all(
      args.plan.trajectories.map((t) => args.imagesFor(t, args.position).catch(() => [] as ReportImage[])),
    ),
    args.fonts ?? loadReportFonts(),
  ]);
  return planReportPdf({ ...args, readouts, images, fonts });
}
