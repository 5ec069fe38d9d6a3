import { useEffect, useMemo, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { Result } from '../../core/errors';
import type { Plan } from '../../planning/planFile';
import { planClearanceStructures, planTrajectoryReadouts } from '../../planning/readouts';
import { useCarmStore } from '../../state/carmStore';
import type { ReadoutSource } from '../plan/readoutSource';
import { downloadFile } from '../trainee/trainingIo';
import { patientContent } from './patientContent';
import {
  PATIENT_PAGE_STYLE,
  type PatientMesh,
  patientBodyHtml,
  patientHtml,
  spineModel,
} from './patientHtml';
import { spineViewer } from './spineViewer';
import './patient.css';
import { useEscapeCloses } from '../useEscapeCloses';

/**
 * The patient view (issue 22): the page the patient gets, shown in the app with the live 3D spine; Print
 * handout (one page: the app hides itself in print) and Save for the patient (the self-contained HTML file).
 */
export function PatientView({
  plan,
  readouts,
  mesh,
  onClose,
}: {
  plan: Plan;
  readouts?: ReadoutSource;
  mesh: () => Result<PatientMesh>;
  onClose: () => void;
}) {
  const position = useCarmStore((s) => s.patientPosition);
  const page = useRef<HTMLDivElement>(null);
  const made = useMemo(() => {
    const m = mesh();
    if (!m.ok) return m;
    const inputs = {
      planStructures: planClearanceStructures(plan),
      warningDistanceMm: plan.clearanceWarningMm,
      patientPosition: position,
    };
    const content = patientContent(plan, (t) =>
      readouts ? planTrajectoryReadouts(t, readouts.contextFor(t.level), inputs).clearance : undefined,
    );
    return { ok: true as const, value: { content, mesh: m.value } };
  }, [plan, readouts, mesh, position]);

  useEffect(() => {
    const canvas = page.current?.querySelector('canvas');
    if (canvas && made.ok) spineViewer(canvas, spineModel(made.value.content, made.value.mesh));
  }, [made]);
  useEscapeCloses(true, onClose);

  return createPortal(
    <div className="patient-overlay" data-testid="patient-view" role="dialog" aria-label="Patient view">
      <div className="patient-view-bar">
        <strong>Patient view</strong>
        {made.ok && (
          <>
            <button
              type="button"
              className="small"
              data-testid="patient-print"
              onClick={() => window.print()}
            >
              Print handout
            </button>
            <button
              type="button"
              className="small primary"
              data-testid="patient-save"
              onClick={() =>
                downloadFile(
                  'your-spine-injection.html',
                  patientHtml(made.value.content, made.value.mesh),
                  'text/html',
                )
              }
            >
              Save for the patient (HTML)
            </button>
          </>
        )}
        <button type="button" className="small" data-testid="patient-close" onClick={onClose}>
          Close
        </button>
      </div>
      {made.ok ? (
        <div className="patient-view-page">
          <style>{PATIENT_PAGE_STYLE}</style>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the patient's file's own markup (patientHtml.ts), every text escaped there */}
          <div ref={page} dangerouslySetInnerHTML={{ __html: patientBodyHtml(made.value.content) }} />
        </div>
      ) : (
        <p className="error">{made.error}</p>
      )}
    </div>,
    document.body,
  );
}
