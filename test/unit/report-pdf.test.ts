/**
 * The printable report as PDF bytes and as an Encapsulated PDF (issue 21): a well-formed PDF (cross-reference
 * offsets, inflatable streams, the report's text and pictures), deterministic, and the DICOM object passes
 * dciodvfy and gives the PDF back byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { reportImagesFor } from '../../src/app/planReportImages';
import { buildPlanReportPdf, planReportPdf } from '../../src/app/planReportPdf';
import { buildReadoutContext } from '../../src/app/readoutContext';
import { loadReportFonts } from '../../src/app/reportFonts';
import { transformPoint } from '../../src/core/mat4';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { buildEncapsulatedPdf, pdfOfEncapsulated } from '../../src/dicom/write/encapsulatedPdf';
import { emptyPlan } from '../../src/planning/planFile';
import { trajectoryReadouts } from '../../src/planning/readouts';
import type { ReportImage } from '../../src/planning/reportImage';
import { applyReviewAction } from '../../src/planning/review';
import { createTrajectory } from '../../src/planning/trajectory';
import { testDataPath } from '../testData';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const dir = mkdtempSync(join(tmpdir(), 'spineplan-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Objects by number, with their stream inflated; the xref must point at each "N 0 obj". */
function checkPdf(pdf: Buffer) {
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF-1.4\n')).toBe(true);
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!.map(Number) as number[];
  expect(first).toBe(0);
  const streams: string[] = [];
  for (let id = 1; id < count!; id++) {
    const row = text.slice(
      startxref + `xref\n0 ${count}\n`.length + 20 * id,
      startxref + `xref\n0 ${count}\n`.length + 20 * id + 20,
    );
    const offset = Number(row.slice(0, 10));
    expect(text.slice(offset, offset + `${id} 0 obj`.length)).toBe(`${id} 0 obj`);
    const end = text.indexOf('endobj', offset);
    const body = text.slice(offset, end);
    const at = body.indexOf('stream\n');
    if (at < 0) continue;
    const length = Number(/\/Length (\d+)/.exec(body)![1]);
    const data = pdf.subarray(offset + at + 7, offset + at + 7 + length);
    expect(pdf.subarray(offset + at + 7 + length, offset + at + 7 + length + 10).toString('latin1')).toBe(
      '\nendstream',
    );
    streams.push(inflateSync(data).toString('latin1'));
  }
  return { text, streams, objectCount: count! - 1 };
}

describe('the plan report as PDF and Encapsulated PDF', () => {
  it('six trajectories for a patient named in Polish, a case in Greek: each section stays on one page (heading and C-arm recipe together), pages counted by poppler, names read back as written', async () => {
    const ts = Array.from({ length: 6 }, (_, i) =>
      createTrajectory(
        `t${i}`,
        {
          // The first name is long: its heading wraps within the page; the second is Japanese (not in the font).
          name:
            i === 0
              ? 'Traj 0 Παπαδόπουλος Иванов Wiśniewski Dvořák Müller-Lüdenscheidt, left L4-L5 foramen'
              : i === 1
                ? 'Traj 1 山田'
                : `Traj ${i}`,
          entryLps: [60, 90, i * 10],
          targetLps: [20, 20, i * 10 - 5],
          side: 'left' as const,
        },
        i,
      ),
    );
    const grey = new Uint8ClampedArray(64 * 64).map((_, i) => i % 256);
    const image = (id: ReportImage['id']): ReportImage => ({
      id,
      title: id,
      caption: 'W 1500 / L 300 HU',
      width: 64,
      height: 64,
      grey,
      marks: [{ kind: 'line', role: 'needle', from: [5, 5], to: [50, 50] }],
      letters: { right: 'L', up: 'S' },
      mmPerPx: 1,
    });
    const pdf = planReportPdf({
      plan: { ...emptyPlan('x', '2026-12-07T00:00:00.000Z'), trajectories: ts },
      metadata: {
        patientName: 'Wiśniewski^Łukasz',
        patientId: 'X',
        studyDate: '20260101',
        studyDescription: '',
        seriesDescription: 'CT',
        seriesInstanceUid: '1',
        studyInstanceUid: '2',
        frameOfReferenceUid: '3',
        modality: 'CT',
        isDemo: false,
      },
      caseName: 'Παπαδόπουλος - Иванов',
      printedAt: '2026-12-07 01:02',
      position: 'prone',
      readouts: ts.map((t) => trajectoryReadouts(t, { patientPosition: 'prone' })),
      images: ts.map(() => (['inPlaneA', 'inPlaneB', 'down', 'bullsEye', 'lateral'] as const).map(image)),
      fonts: await loadReportFonts(),
    });
    const pages = checkPdf(Buffer.from(pdf)).streams.filter((st) => st.includes(' Tj ET'));
    expect(pages.length).toBeGreaterThan(1);
    const path = join(dir, 'six.pdf');
    writeFileSync(path, pdf);
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toContain(
      `Pages:           ${pages.length}\n`,
    );
    // Each page's text as poppler reads it (through the fonts' ToUnicode maps): headings and recipes pair up.
    let headings = 0;
    for (let p = 1; p <= pages.length; p++) {
      const text = execFileSync('pdftotext', ['-f', `${p}`, '-l', `${p}`, path, '-'], { encoding: 'utf8' });
      const onPage = (text.match(/\d\. Traj \d/g) ?? []).length;
      expect(onPage).toBe((text.match(/C-arm recipe/g) ?? []).length);
      headings += onPage;
    }
    expect(headings).toBe(6);
    const first = execFileSync('pdftotext', ['-l', '1', path, '-'], { encoding: 'utf8' });
    expect(first).toContain('Patient: Wiśniewski, Łukasz');
    expect(first).toContain('Παπαδόπουλος - Иванов');
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toContain(
      'Title:           Spine injection plan - Παπαδόπουλος - Иванов\n',
    );
    // Every word inside the right margin (10 mm: 566.9 of 595.3 pt), the long heading wrapped.
    const right = [
      ...execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' }).matchAll(/xMax="([\d.]+)"/g),
    ].map((m) => Number(m[1]));
    expect(right.length).toBeGreaterThan(100);
    expect(Math.max(...right)).toBeLessThanOrEqual(595.276 - (10 * 72) / 25.4 + 0.5);
    expect(first).toMatch(/1\. Traj 0 Παπαδόπουλος .*\n.*foramen - Transforaminal/);
    // The Japanese name: printed as boxes, said so on the last page, copied as written.
    const all = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(all).toContain('2. Traj 1 山田 - ');
    expect(all).toContain(
      '2 characters of this report are not in its font (U+5C71, U+7530) and printed as boxes',
    );
    expect(execFileSync('qpdf', ['--check', path], { encoding: 'utf8' })).toContain(
      'No syntax or stream encoding errors',
    );
  });

  it('a plan with two trajectories and a measurement: pages, pictures and text; dciodvfy clean; PDF back byte for byte', async () => {
    const files = readdirSync(PANCREAS).sort().slice(60, 72);
    const volume = await buildVolume(
      scanFiles(files.map((f) => ({ path: f, bytes: new Uint8Array(readFileSync(resolve(PANCREAS, f))) })))
        .candidates[0]!,
    );
    const at = (i: number, j: number, k: number) => transformPoint(volume.ijkToLps, [i, j, k]);
    const drafted = {
      ...emptyPlan(volume.metadata.seriesInstanceUid, '2026-12-07T00:00:00.000Z'),
      trajectories: [
        createTrajectory('t1', {
          name: 'L3 TFESI (right)',
          entryLps: at(180, 420, 20),
          targetLps: at(230, 330, 12),
          level: 'L3',
          side: 'right' as const,
        }),
        createTrajectory(
          't2',
          {
            name: 'Müller (left)',
            entryLps: at(330, 420, 18),
            targetLps: at(280, 330, 14),
            side: 'left' as const,
          },
          1,
        ),
      ],
      measurements: [
        {
          id: 'm1',
          kind: 'distance' as const,
          name: 'Canal AP',
          aLps: at(256, 300, 10),
          bLps: at(256, 320, 10),
        },
      ],
    };
    // Signed off, with the reviewer's organization: the report says so (one line, planning/review.ts).
    const approved = applyReviewAction(
      drafted,
      { kind: 'approve', by: 'Dr. Lee', organization: 'Klinik Süd' },
      '2026-12-07T01:00:00.000Z',
    );
    if (!approved.ok) throw new Error(approved.error);
    const plan = approved.plan;
    let cached: ReturnType<typeof reportImagesFor> | undefined;
    const args = {
      plan,
      metadata: volume.metadata,
      caseName: 'Pancreas-CT-CB_001 - PANCREAS',
      printedAt: '2026-12-07 01:02',
      position: 'prone' as const,
      contextFor: (level: string) => buildReadoutContext(volume, undefined, level),
      // Pictures for the first trajectory only (each C-arm picture is a CPU radiograph), computed once.
      imagesFor: (
        t: Parameters<typeof reportImagesFor>[1],
        position: Parameters<typeof reportImagesFor>[2],
      ) => {
        if (t.id !== 't1') return Promise.resolve([]);
        cached ??= reportImagesFor(volume, t, position);
        return cached;
      },
    };
    const pdf = await buildPlanReportPdf(args);
    // Deterministic: the same case gives the same bytes.
    expect(Buffer.from(await buildPlanReportPdf(args)).equals(Buffer.from(pdf))).toBe(true);
    const { text } = checkPdf(Buffer.from(pdf));
    expect(text).toMatch(/\/Type \/Pages \/Kids \[[^\]]+\] \/Count [12]/);
    // The first trajectory's 5 pictures, each an 8-bit grey image.
    expect(text.match(/\/Subtype \/Image/g)).toHaveLength(5);
    // poppler (test/tools/setup-system.sh) reads it independently: the text, one A4 page, rendered without complaint.
    const pdfPath = join(dir, 'report.pdf');
    writeFileSync(pdfPath, pdf);
    const content = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
    for (const words of [
      'Spine injection plan',
      '1. L3 TFESI (right)',
      '2. Müller (left)',
      "Bull's-eye",
      'Canal AP: Distance 21.5 mm',
      'Planning aid - verify under fluoroscopy',
      'Review: Approved (plan version 1) - signed off by Dr. Lee (Klinik Süd), 2026-12-07 01:00 UTC',
    ])
      expect(content).toContain(words);
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toContain('595.276 x 841.89 pts (A4)');
    const rendered = execFileSync('pdftoppm', ['-r', '20', '-png', pdfPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(rendered.subarray(1, 4).toString('latin1')).toBe('PNG');

    const encapsulated = buildEncapsulatedPdf({
      study: {
        studyInstanceUid: volume.metadata.studyInstanceUid,
        patientName: volume.metadata.patientName,
        patientId: volume.metadata.patientId,
        studyDate: volume.metadata.studyDate,
      },
      pdf,
      documentTitle: 'Spine injection plan',
      seriesDescription: 'Spineplan plan report',
      now: new Date('2026-12-07T01:02:03Z'),
      sourceImages: volume.metadata.sliceImages!.filter((s) => s !== null),
    });
    const path = join(dir, 'report.dcm');
    writeFileSync(path, encapsulated.bytes);
    let out = '';
    try {
      out = execFileSync('dciodvfy', [path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (thrown) {
      const e = thrown as { stdout?: string; stderr?: string };
      out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    expect(out.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
    const ds = dicomParser.parseDicom(encapsulated.bytes);
    const el = ds.elements.x00420011!;
    const back = pdfOfEncapsulated(
      encapsulated.bytes.subarray(el.dataOffset, el.dataOffset + el.length),
      ds.uint32('x00420015'),
    );
    expect(Buffer.from(back).equals(Buffer.from(pdf))).toBe(true);
  });
});
