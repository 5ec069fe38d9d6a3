import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { PatientPosition } from '../../planning/carm';
import { planClearanceStructures, planTrajectoryReadouts } from '../../planning/readouts';
import type { ReportImage } from '../../planning/reportImage';
import type { Trajectory } from '../../planning/trajectory';
import { useCarmStore } from '../../state/carmStore';
import { useMeasureStore } from '../../state/measureStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useStudyStore } from '../../state/studyStore';
import { valueText } from '../measure/MeasurementsPanel';
import { PositionChoice } from '../plan/CarmRecipeView';
import { useReadoutVersion } from '../plan/readoutSource';
import { ReviewSignOff } from '../review/ReviewSignOff';
import { ExportDicomButton } from './ExportDicomButton';
import { dicomDate, dicomPersonName, fitZoom, printedAt } from './reportFormat';
import type { PlanReportSource } from './reportSource';
import { TrajectoryReport } from './TrajectoryReport';
import './report.css';
import { useEscapeCloses } from '../useEscapeCloses';

const NO_TRAJECTORIES: readonly Trajectory[] = [];
/** From this many trajectories each gets the compact layout (three pictures beside its numbers). */
const COMPACT_FROM = 3;

/** Pictures per trajectory id for the current position; recomputed (from the cache) when either changes. */
function useReportImages(
  source: PlanReportSource,
  trajectories: readonly Trajectory[],
  position: PatientPosition,
) {
  const [images, setImages] = useState<Record<string, ReportImage[]>>({});
  useEffect(() => {
    let live = true;
    setImages({});
    for (const t of trajectories)
      source.imagesFor(t, position).then(
        (list) => live && setImages((prev) => ({ ...prev, [t.id]: list })),
        () => live && setImages((prev) => ({ ...prev, [t.id]: [] })),
      );
    return () => {
      live = false;
    };
  }, [source, trajectories, position]);
  return images;
}

const MEASUREMENT_KIND = { distance: 'Distance', angle: 'Angle', region: 'HU region' } as const;

/**
 * The one-page printable plan report (issue 7): study header as text, every trajectory's pictures, numbers,
 * C-arm recipe with its convention and warnings, the disclaimer; a 190 x 259 mm sheet zoomed down when the
 * plan needs more room, so it prints on one A4 or Letter page. Rendered into <body> so print CSS can hide
 * the app around it.
 */
export function PlanReport({ source, onClose }: { source: PlanReportSource; onClose: () => void }) {
  const plan = usePlanStore(selectActivePlan);
  const metadata = useStudyStore((s) => s.volume?.metadata);
  const caseName = useStudyStore((s) => s.caseName);
  const regionStats = useMeasureStore((s) => s.regionStats);
  const position = useCarmStore((s) => s.patientPosition);
  const setPosition = useCarmStore((s) => s.setPatientPosition);
  const version = useReadoutVersion(source.readouts);
  const trajectories = plan?.trajectories ?? NO_TRAJECTORIES;
  const images = useReportImages(source, trajectories, position);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` stands for the source's volume/truth
  const readouts = useMemo(() => {
    if (!plan) return [];
    // The plan panel's readouts (planning/readouts.ts), without its contrast-enhanced flag (panel-local).
    const inputs = {
      planStructures: planClearanceStructures(plan),
      warningDistanceMm: plan.clearanceWarningMm,
      patientPosition: position,
    };
    return plan.trajectories.map((t) =>
      planTrajectoryReadouts(t, source.readouts.contextFor(t.level), inputs),
    );
  }, [plan, source, position, version]);
  const ready = trajectories.every((t) => images[t.id] !== undefined);
  const compact = trajectories.length >= COMPACT_FROM;
  const convention = readouts.find((r) => r.carm)?.carm?.convention;
  const [now] = useState(() => new Date());
  const sheet = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState(1);

  // Measured at zoom 1 (the sheet's mm sizes are absolute, so the screen height is the printed height).
  useLayoutEffect(() => {
    const el = sheet.current;
    if (!el) return;
    el.style.zoom = '1';
    const fitted = fitZoom(el.getBoundingClientRect().height);
    el.style.zoom = String(fitted);
    setZoom(fitted);
  });

  useEscapeCloses(true, onClose);

  return createPortal(
    <div className="report-overlay" role="dialog" aria-label="Plan report" data-testid="plan-report">
      <div className="report-toolbar">
        <button type="button" className="primary" data-testid="report-print" onClick={() => window.print()}>
          Print / Save PDF
        </button>
        {source.exportDicom && <ExportDicomButton exportDicom={source.exportDicom} />}
        <PositionChoice position={position} onChange={setPosition} />
        <span className="report-status" data-testid="report-status" data-ready={ready}>
          {ready
            ? `One page${zoom < 1 ? `, scaled to ${Math.round(zoom * 100)}%` : ''}`
            : 'Computing pictures…'}
        </span>
        <button type="button" data-testid="report-close" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="report-sheet" ref={sheet} data-testid="report-sheet">
        <header className="report-header">
          <div>
            <h1>Spine injection plan</h1>
            <div className="report-case">{caseName}</div>
          </div>
          <div className="report-printed">Printed {printedAt(now)}</div>
        </header>
        {metadata?.isDemo && (
          <div className="report-demo" data-testid="report-demo">
            DEMO — not patient data (procedural phantom)
          </div>
        )}
        {metadata && (
          <dl className="report-patient" data-testid="report-patient">
            <dt>Patient</dt>
            <dd>{dicomPersonName(metadata.patientName) || '—'}</dd>
            <dt>ID</dt>
            <dd>{metadata.patientId || '—'}</dd>
            <dt>Study</dt>
            <dd>
              {dicomDate(metadata.studyDate) || '—'} {metadata.studyDescription}
            </dd>
            <dt>Series</dt>
            <dd>
              {metadata.modality} {metadata.seriesDescription}
            </dd>
          </dl>
        )}
        {plan && <ReviewSignOff plan={plan} />}
        <p className="report-disclaimer" data-testid="report-disclaimer">
          Planning aid — verify under fluoroscopy. Distances and angles come from this CT; the patient's
          position on the table, breathing and needle bending change them.
        </p>
        {/* The angle convention once for the page, not per trajectory (issue 19). */}
        {convention && (
          <p className="report-fine report-convention" data-testid="report-convention">
            C-arm angles: {convention}
          </p>
        )}
        {plan && trajectories.length === 0 && <p>No trajectories planned.</p>}
        {plan &&
          trajectories.map((t, i) => (
            <TrajectoryReport
              key={t.id}
              index={i}
              t={t}
              r={readouts[i]!}
              images={images[t.id]}
              compact={compact}
            />
          ))}
        {plan && plan.measurements.length > 0 && (
          <table className="report-table report-measurements" data-testid="report-measurements">
            <caption>Measurements</caption>
            <tbody>
              {plan.measurements.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name}</th>
                  <td>{MEASUREMENT_KIND[m.kind]}</td>
                  <td>{valueText(m, regionStats[m.id])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="report-signoff" data-testid="report-signoff">
          <span>Planned by ______________________</span>
          <span>Date __________</span>
          <span>Checked by ______________________</span>
          <span>Date __________</span>
        </div>
        <footer className="report-footer">
          Points are DICOM patient coordinates (LPS: +x left, +y posterior, +z head; mm)
          {metadata?.frameOfReferenceUid ? ` in frame of reference ${metadata.frameOfReferenceUid}` : ''}.
          Pictures: CT resliced along the needle and simulated C-arm images (isocentre at the target),
          computed from the CT.
        </footer>
      </div>
    </div>,
    document.body,
  );
}
