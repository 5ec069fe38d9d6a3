import { useRef, useState } from 'react';
import { errorMessage } from '../../core/errors';
import { type Plan, parsePlanFile } from '../../planning/planFile';
import { usePlanStore } from '../../state/planStore';

type Notice = { kind: 'error' | 'info'; text: string };

/** File name for an exported plan: case key and date, characters safe on every file system. */
export function planFileName(caseKey: string, now: Date): string {
  const safeKey = caseKey.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  return `spineplan-${safeKey}-${now.toISOString().slice(0, 10)}.json`;
}

/** Export (a same-origin Blob URL download, nothing leaves the computer) and import with confirmation. */
export function PlanFiles() {
  const activeCaseKey = usePlanStore((s) => s.activeCaseKey);
  const plans = usePlanStore((s) => s.plans);
  const input = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, setPending] = useState<{ text: string; plan: Plan; fileName: string } | null>(null);

  const exportPlan = () => {
    const text = usePlanStore.getState().exportPlanText();
    if (!text || !activeCaseKey) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = planFileName(activeCaseKey, new Date());
    a.click();
    // The click starts the download synchronously; revoke on the next task so the URL is not kept alive.
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setNotice({ kind: 'info', text: `Exported ${a.download}.` });
  };

  const apply = (text: string, fileName: string) => {
    const result = usePlanStore.getState().importPlanText(text);
    if (!result.ok)
      return setNotice({ kind: 'error', text: `Could not import ${fileName}: ${result.error}` });
    const p = result.value;
    const elsewhere = p.caseKey !== usePlanStore.getState().activeCaseKey;
    setNotice({
      kind: 'info',
      text: elsewhere
        ? `Imported ${fileName}: its ${p.trajectories.length} trajectories belong to case ${p.caseKey}, not the open series; they were stored for that case.`
        : `Imported ${fileName}: ${p.trajectories.length} trajectories.`,
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
    const existing = usePlanStore.getState().plans[parsed.value.caseKey];
    if (existing && existing.trajectories.length > 0)
      return setPending({ text, plan: parsed.value, fileName: file.name });
    apply(text, file.name);
  };

  const current = activeCaseKey ? plans[activeCaseKey] : undefined;
  const existingCount = pending ? (plans[pending.plan.caseKey]?.trajectories.length ?? 0) : 0;
  return (
    <div className="plan-files" data-testid="plan-files">
      <div className="row">
        <button type="button" onClick={exportPlan} disabled={!current} data-testid="plan-export">
          Export plan
        </button>
        <button type="button" onClick={() => input.current?.click()} data-testid="plan-import">
          Import plan…
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
      {pending && (
        <div className="confirm" role="alertdialog" data-testid="plan-import-confirm">
          <p>
            Replace the plan of{' '}
            {pending.plan.caseKey === activeCaseKey ? 'this case' : `case ${pending.plan.caseKey}`} (
            {existingCount} trajectories) with {pending.fileName} ({pending.plan.trajectories.length}{' '}
            trajectories)?
          </p>
          <button
            type="button"
            className="primary"
            data-testid="plan-import-replace"
            onClick={() => {
              apply(pending.text, pending.fileName);
              setPending(null);
            }}
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
