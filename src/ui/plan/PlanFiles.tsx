import { useRef, useState } from 'react';
import { errorMessage } from '../../core/errors';
import { exportFileName, patientForFile, planTitle } from '../../planning/exportNames';
import { type AttachMismatch, checkPlanAttachment } from '../../planning/planAttach';
import { type Plan, parsePlanFile } from '../../planning/planFile';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useStudyStore } from '../../state/studyStore';
import { PlanReport } from '../report/PlanReport';
import { usePlanReportSource } from '../report/reportSource';

type Notice = { kind: 'error' | 'info'; text: string };

/** A read, valid plan file waiting for the user: a replacement to confirm, or a mismatch to attach anyway. */
interface PendingImport {
  text: string;
  fileName: string;
  count: number;
  mismatch?: { kind: AttachMismatch; message: string };
}

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
        return setNotice({ kind: 'error', text: `Could not import ${p.fileName}: ${result.error}` });
      // The images changed since the check: ask again with the store's reason.
      return setPending({ ...p, mismatch: { kind: result.kind, message: result.error } });
    }
    setNotice({
      kind: 'info',
      text: `Imported ${p.fileName}: ${result.value.trajectories.length} trajectories${p.mismatch ? ', attached to the open images' : ''}. Undo restores the previous plan.`,
    });
  };

  const onFile = async (file: File) => {
    setPending(null);
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      return setNotice({ kind: 'error', text: `Could not read ${file.name}: ${errorMessage(e)}` });
    }
    const parsed = parsePlanFile(text);
    if (!parsed.ok)
      return setNotice({ kind: 'error', text: `Could not import ${file.name}: ${parsed.error}` });
    const active = selectActivePlan(usePlanStore.getState());
    if (!active)
      return setNotice({ kind: 'error', text: `Could not import ${file.name}: open images first.` });
    const check = checkPlanAttachment(parsed.value, {
      caseKey: active.caseKey,
      isDemo: active.caseKey === 'demo',
      studyInstanceUid: active.studyInstanceUid,
      seriesInstanceUid: active.seriesInstanceUid,
    });
    const next: PendingImport = {
      text,
      fileName: file.name,
      count: parsed.value.trajectories.length,
      ...(check.ok ? {} : { mismatch: { kind: check.kind, message: check.message } }),
    };
    // A refusal or a replacement is asked first; otherwise import at once.
    if (next.mismatch || active.trajectories.length > 0) return setPending(next);
    apply(next);
  };

  const current = activeCaseKey ? plans[activeCaseKey] : undefined;
  const existingCount = current?.trajectories.length ?? 0;
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
            Attach {pending.fileName} ({pending.count} trajectories) to the open images anyway
            {existingCount > 0 ? `, replacing their ${existingCount} trajectories` : ''}?
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
            Replace the plan of this case ({existingCount} trajectories) with {pending.fileName} (
            {pending.count} trajectories)?
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
