import { useRef, useState } from 'react';
import { errorMessage } from '../../core/errors';
import { exportFileName, patientForFile, planTitle } from '../../planning/exportNames';
import { type AttachMismatch, checkPlanAttachment } from '../../planning/planAttach';
import { planHasWork } from '../../planning/planAutosave';
import { checkPlanAgainstCase } from '../../planning/planCaseBounds';
import { type Plan, parsePlanFile } from '../../planning/planFile';
import { PLAN_LIMITS } from '../../planning/planLimits';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useStudyStore } from '../../state/studyStore';
import { PlanReport } from '../report/PlanReport';
import { usePlanReportSource } from '../report/reportSource';

type Notice = { kind: 'error' | 'info'; text: string };

/** A read, valid plan file waiting for the user: a replacement to confirm, or a mismatch to attach anyway. */
interface PendingImport {
  text: string;
  fileName: string;
  /** What the file holds, in words: "2 trajectories, 1 measurement". */
  contents: string;
  mismatch?: { kind: AttachMismatch; message: string };
}

const counted = (n: number, one: string, many: string): string | undefined =>
  n === 0 ? undefined : `${n} ${n === 1 ? one : many}`;

/** What a plan holds, in words ("2 trajectories, 1 measurement"; "nothing"). */
export function planContents(plan: Plan): string {
  const parts = [
    counted(plan.trajectories.length, 'trajectory', 'trajectories'),
    counted(plan.measurements.length, 'measurement', 'measurements'),
    counted(plan.noGoStructures.length, 'no-go structure', 'no-go structures'),
    counted(plan.noGoMasks.length, 'painted region', 'painted regions'),
  ].filter((x) => x !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

/** Bytes a plan file may have: its character limit at up to 4 UTF-8 bytes per character; checked before reading. */
const MAX_PLAN_FILE_BYTES = PLAN_LIMITS.fileChars.max * 4;

/**
 * File name for an exported plan, for people (issue 19): "L4-L5 left TFESI - DOE, JANE - 2026-12-06.json"
 * (planning/exportNames.ts), not the SeriesInstanceUID (the file itself names its study and series).
 */
export function planFileName(
  plan: Pick<Plan, 'trajectories'>,
  metadata: Parameters<typeof patientForFile>[0],
  now: Date,
): string {
  return exportFileName(planTitle(plan.trajectories), patientForFile(metadata), now, 'json');
}

/** A refused import says which file, why, and that nothing changed. */
const refusal = (fileName: string, why: string): string =>
  `Could not import ${fileName}: ${why}. The plan of this case is unchanged.`;

/**
 * Export (a same-origin Blob URL download, nothing leaves the computer) and import INTO the open case: a
 * plan made on other images is refused with the reason (planning/planAttach.ts) unless the user attaches
 * it anyway; replacing trajectories is confirmed first; either is one undo step.
 */
export function PlanFiles() {
  const activeCaseKey = usePlanStore((s) => s.activeCaseKey);
  const plans = usePlanStore((s) => s.plans);
  const input = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, setPending] = useState<PendingImport | null>(null);
  const reportSource = usePlanReportSource();
  const [reportOpen, setReportOpen] = useState(false);

  const exportPlan = () => {
    const text = usePlanStore.getState().exportPlanText();
    const plan = activeCaseKey ? plans[activeCaseKey] : undefined;
    if (!text || !plan) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = planFileName(plan, useStudyStore.getState().volume?.metadata, new Date());
    a.click();
    // The click starts the download synchronously; revoke on the next task so the URL is not kept alive.
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setNotice({ kind: 'info', text: `Exported ${a.download}.` });
  };

  /** Imports into the open case; the store checks again that the file belongs to these images. */
  const apply = (p: PendingImport) => {
    setPending(null);
    const result = usePlanStore
      .getState()
      .importPlanTextIntoActive(p.text, { attachAnyway: p.mismatch !== undefined });
    if (!result.ok) {
      if (result.kind === 'invalid' || result.kind === 'no-case')
        return setNotice({ kind: 'error', text: refusal(p.fileName, result.error) });
      // The images changed since the check: ask again with the store's reason.
      return setPending({ ...p, mismatch: { kind: result.kind, message: result.error } });
    }
    setNotice({
      kind: 'info',
      text: `Imported ${p.fileName}: ${planContents(result.value)}${p.mismatch ? ', attached to the open images' : ''}. Undo (or Restore previous plan) brings back the plan it replaced.`,
    });
  };

  const restorePrevious = () => {
    const restored = usePlanStore.getState().restorePreviousPlan();
    setPending(null);
    setNotice(
      restored.ok
        ? { kind: 'info', text: `Restored the previous plan (${planContents(restored.value)}).` }
        : { kind: 'error', text: `Could not restore the previous plan: ${restored.error}` },
    );
  };

  const onFile = async (file: File) => {
    setPending(null);
    // Refused before it is read: a text this size is never a plan, and reading it could exhaust memory.
    if (file.size > MAX_PLAN_FILE_BYTES)
      return setNotice({
        kind: 'error',
        text: refusal(file.name, `the file is ${file.size} bytes (limit: ${MAX_PLAN_FILE_BYTES} bytes)`),
      });
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      return setNotice({ kind: 'error', text: `Could not read ${file.name}: ${errorMessage(e)}` });
    }
    const parsed = parsePlanFile(text);
    if (!parsed.ok) return setNotice({ kind: 'error', text: refusal(file.name, parsed.error) });
    const active = selectActivePlan(usePlanStore.getState());
    if (!active)
      return setNotice({ kind: 'error', text: `Could not import ${file.name}: open images first.` });
    // Refused at once when it does not fit the open images (the store checks again when it applies it).
    const grid = usePlanStore.getState().caseGrids[active.caseKey];
    const fits = grid ? checkPlanAgainstCase(parsed.value, grid) : parsed;
    if (!fits.ok) return setNotice({ kind: 'error', text: refusal(file.name, fits.error) });
    const check = checkPlanAttachment(parsed.value, {
      caseKey: active.caseKey,
      isDemo: active.caseKey === 'demo',
      studyInstanceUid: active.studyInstanceUid,
      seriesInstanceUid: active.seriesInstanceUid,
    });
    const next: PendingImport = {
      text,
      fileName: file.name,
      contents: planContents(parsed.value),
      ...(check.ok ? {} : { mismatch: { kind: check.kind, message: check.message } }),
    };
    // A refusal or a replacement of any work (trajectories, measurements, no-go regions) is asked first.
    if (next.mismatch || planHasWork(active)) return setPending(next);
    apply(next);
  };

  const current = activeCaseKey ? plans[activeCaseKey] : undefined;
  const existing = current && planHasWork(current) ? planContents(current) : undefined;
  const previous = usePlanStore((s) => (s.activeCaseKey ? s.previousPlans[s.activeCaseKey] : undefined));
  return (
    <div className="plan-files" data-testid="plan-files">
      <div className="row">
        <button type="button" onClick={exportPlan} disabled={!current} data-testid="plan-export">
          Export plan
        </button>
        <button type="button" onClick={() => input.current?.click()} data-testid="plan-import">
          Import plan…
        </button>
        <button
          type="button"
          onClick={() => setReportOpen(true)}
          disabled={!current || !reportSource}
          data-testid="plan-report-open"
          title="One printable page: pictures, readouts and C-arm recipe of every trajectory"
        >
          Report…
        </button>
        {previous && (
          <button
            type="button"
            onClick={restorePrevious}
            data-testid="plan-restore-previous"
            title={`The plan the last import replaced: ${planContents(previous)}, last changed ${previous.updatedAt.slice(0, 16).replace('T', ' ')} UTC`}
          >
            Restore previous plan
          </button>
        )}
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="plan-import-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void onFile(file);
          }}
        />
      </div>
      {reportOpen && reportSource && (
        <PlanReport source={reportSource} onClose={() => setReportOpen(false)} />
      )}
      {pending?.mismatch && (
        <div className="confirm" role="alertdialog" data-testid="plan-import-refused">
          <p className="danger-text" data-testid="plan-import-reason">
            Not imported: {pending.mismatch.message}
          </p>
          <p>
            Attach {pending.fileName} ({pending.contents}) to the open images anyway
            {existing ? `, replacing their plan (${existing})` : ''}?
          </p>
          <button type="button" data-testid="plan-import-attach" onClick={() => apply(pending)}>
            Attach anyway
          </button>{' '}
          <button type="button" className="primary" onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
      {pending && !pending.mismatch && (
        <div className="confirm" role="alertdialog" data-testid="plan-import-confirm">
          <p>
            Replace the plan of this case ({existing ?? 'nothing'}) with {pending.fileName} (
            {pending.contents})? The replaced plan is kept: Restore previous plan brings it back.
          </p>
          <button
            type="button"
            className="primary"
            data-testid="plan-import-replace"
            onClick={() => apply(pending)}
          >
            Replace
          </button>{' '}
          <button type="button" onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
      {notice && (
        <p
          className={notice.kind === 'error' ? 'danger-text notice' : 'notice'}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid={notice.kind === 'error' ? 'plan-file-error' : 'plan-file-info'}
        >
          {notice.text}{' '}
          <button type="button" className="small ghost" onClick={() => setNotice(null)} aria-label="Dismiss">
            ✕
          </button>
        </p>
      )}
    </div>
  );
}
