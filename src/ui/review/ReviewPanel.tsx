import { useEffect, useRef, useState } from 'react';
import type { Vec3 } from '../../core/vec3';
import {
  type CommentAnchor,
  currentSignOff,
  measurementAnchorPoint,
  planReview,
  REVIEW_STATUS_LABELS,
  type ReviewAction,
  signOffText,
} from '../../planning/review';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useReviewPinStore } from '../../state/reviewPinStore';
import { useSliceStore } from '../../state/sliceStore';
import { PatientView } from '../patient/PatientView';
import type { ReadoutSource } from '../plan/readoutSource';
import { downloadFile } from '../trainee/trainingIo';
import type { ReviewIo } from './reviewIo';
import './review.css';

const NAME_KEY = 'spineplan.reviewerName';
const ORGANIZATION_KEY = 'spineplan.reviewerOrganization';
const stored = (key: string): string => {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
};
/** Kept for the next review on this computer (never sent anywhere). */
const store = (key: string, value: string): void => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: the value is kept for this page only.
  }
};

const when = (iso: string): string => iso.replace('T', ' ').slice(0, 16);
const mm = (p: Vec3): string => p.map((x) => x.toFixed(0)).join(', ');

type Notice = { kind: 'error' | 'info'; lines: string[] };

/**
 * Review and sign-off (issue 22): status, the reviewer's name, decisions, comments pinned to the selected
 * trajectory, a measurement, the 2D crosshair point or a point clicked on the bone in the 3D view, the
 * history, and the case bundle / review files.
 */
export function ReviewPanel({ io, readouts }: { io: ReviewIo; readouts?: ReadoutSource }) {
  const [patientOpen, setPatientOpen] = useState(false);
  const plan = usePlanStore(selectActivePlan);
  const selectedId = usePlanStore((s) => s.selectedTrajectoryId);
  const crosshair = useSliceStore((s) => s.crosshairLps);
  const [name, setName] = useState(() => stored(NAME_KEY));
  const [organization, setOrganization] = useState(() => stored(ORGANIZATION_KEY));
  const [text, setText] = useState('');
  const [pin, setPin] = useState('trajectory');
  const [deidentify, setDeidentify] = useState(true);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [removed, setRemoved] = useState<string[]>([]);
  const bundleInput = useRef<HTMLInputElement>(null);
  const reviewInput = useRef<HTMLInputElement>(null);

  const rememberName = (v: string) => {
    setName(v);
    store(NAME_KEY, v);
  };
  const rememberOrganization = (v: string) => {
    setOrganization(v);
    store(ORGANIZATION_KEY, v);
  };
  const report = (r: { ok: true } | { ok: false; error: string }, done: string) =>
    setNotice(r.ok ? { kind: 'info', lines: [done] } : { kind: 'error', lines: [r.error] });
  const act = (action: ReviewAction, done: string) =>
    report(usePlanStore.getState().reviewActive(action), done);

  const review = plan ? planReview(plan) : undefined;
  const selected = plan?.trajectories.find((t) => t.id === selectedId);
  const anchorFor = (): CommentAnchor | string => {
    if (!plan) return 'open a case first';
    if (pin === 'trajectory')
      return selected
        ? { kind: 'trajectory', trajectoryId: selected.id, pointLps: selected.targetLps }
        : 'select a trajectory to pin the comment to';
    if (pin === 'point')
      return crosshair ? { kind: 'point', pointLps: crosshair } : 'click a point in a 2D view first';
    const m = plan.measurements.find((x) => `measurement:${x.id}` === pin);
    return m
      ? { kind: 'measurement', measurementId: m.id, pointLps: measurementAnchorPoint(m) }
      : 'choose a measurement';
  };
  const addComment = () => {
    const anchor = anchorFor();
    if (typeof anchor === 'string') return setNotice({ kind: 'error', lines: [anchor] });
    const r = usePlanStore.getState().reviewActive({ kind: 'comment', by: name, text, anchor });
    report(r, 'Comment pinned.');
    if (r.ok) setText('');
  };
  // "Pin on the 3D view": armed here, fulfilled by the 3D view's picker (scene/plan/PlanPicker3D.tsx).
  const pinPending = useReviewPinStore((s) => s.pending);
  const pinOutcome = useReviewPinStore((s) => s.outcome);
  const pinIn3d = () => {
    if (!name.trim()) return setNotice({ kind: 'error', lines: ['enter your name first'] });
    if (!text.trim()) return setNotice({ kind: 'error', lines: ['the comment is empty'] });
    setNotice(null);
    useReviewPinStore.getState().arm({ by: name, text });
  };
  useEffect(() => {
    if (!pinPending) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useReviewPinStore.getState().finish({ kind: 'cancelled' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pinPending]);
  // A request left armed when the panel goes away would pin a later, unrelated 3D click.
  useEffect(
    () => () => {
      if (useReviewPinStore.getState().pending) useReviewPinStore.getState().finish({ kind: 'cancelled' });
    },
    [],
  );
  useEffect(() => {
    if (!pinOutcome) return;
    if (pinOutcome.kind === 'pinned') {
      setText('');
      setNotice({ kind: 'info', lines: [`Comment pinned at ${mm(pinOutcome.pointLps)} mm (3D view).`] });
    } else if (pinOutcome.kind === 'missed')
      setNotice({ kind: 'error', lines: ['No bone under the pointer there: click on the bone.'] });
    else if (pinOutcome.kind === 'failed') setNotice({ kind: 'error', lines: [pinOutcome.error] });
    else setNotice({ kind: 'info', lines: ['Pinning cancelled.'] });
  }, [pinOutcome]);
  const goTo = (anchor: CommentAnchor) => {
    useSliceStore.getState().setCrosshair(anchor.pointLps);
    if (anchor.kind === 'trajectory') usePlanStore.getState().select(anchor.trajectoryId);
  };
  const pinName = (anchor: CommentAnchor): string => {
    if (anchor.kind === 'trajectory')
      return plan?.trajectories.find((t) => t.id === anchor.trajectoryId)?.name ?? 'a removed trajectory';
    if (anchor.kind === 'measurement')
      return plan?.measurements.find((m) => m.id === anchor.measurementId)?.name ?? 'a removed measurement';
    return `point ${mm(anchor.pointLps)} mm`;
  };

  const exportBundle = async () => {
    const r = await io.exportBundle(deidentify);
    if (!r.ok) return setNotice({ kind: 'error', lines: [r.error] });
    downloadFile(r.value.fileName, r.value.bytes, 'application/zip');
    setRemoved(r.value.removed);
    setNotice({
      kind: 'info',
      lines: [`Exported ${r.value.fileName} (${(r.value.bytes.length / 1024).toFixed(0)} KB).`],
    });
  };
  const openBundle = async (file: File | undefined) => {
    if (!file) return;
    const r = await io.openBundle(file);
    report(r, `Opened the case bundle ${file.name}.`);
  };
  const exportReview = () => {
    const r = io.exportReview(name);
    if (!r.ok) return setNotice({ kind: 'error', lines: [r.error] });
    downloadFile(r.value.fileName, r.value.text, 'application/json');
    setNotice({ kind: 'info', lines: [`Exported ${r.value.fileName}: send it back to the planner.`] });
  };
  const importReview = async (file: File | undefined) => {
    if (!file) return;
    const r = await io.importReview(file);
    if (!r.ok) return setNotice({ kind: 'error', lines: [r.error] });
    setNotice({
      kind: r.value.olderVersion || r.value.conflicts.length > 0 ? 'error' : 'info',
      lines: [
        ...(r.value.olderVersion ? ['This review is of an older version of the plan.'] : []),
        ...r.value.added.map((a) => `Added: ${a}`),
        ...r.value.conflicts.map((c) => `Conflict: ${c}`),
        ...(r.value.added.length + r.value.conflicts.length === 0 ? ['Nothing new in this review.'] : []),
      ],
    });
  };

  const signOff = review && currentSignOff(review);
  return (
    <div className="review-panel" data-testid="review-panel">
      {plan && review ? (
        <>
          <p className={`review-status status-${review.status}`} data-testid="review-status">
            {REVIEW_STATUS_LABELS[review.status]} · version {review.version}
            {signOff && ` · ${signOffText(signOff)}`}
          </p>
          <label className="review-field">
            <span>Your name</span>
            <input data-testid="review-name" value={name} onChange={(e) => rememberName(e.target.value)} />
          </label>
          <label className="review-field">
            <span>Organization</span>
            <input
              data-testid="review-organization"
              value={organization}
              placeholder="for the sign-off (optional)"
              title="Written with your sign-off in the plan, the report and the DICOM SR (Verifying Organization)"
              onChange={(e) => rememberOrganization(e.target.value)}
            />
          </label>
          <div className="review-buttons">
            <button
              type="button"
              className="small"
              data-testid="review-submit"
              onClick={() => act({ kind: 'submit', by: name, organization }, 'Marked ready for review.')}
            >
              Ready for review
            </button>
            <button
              type="button"
              className="small primary"
              data-testid="review-approve"
              onClick={() => act({ kind: 'approve', by: name, organization }, 'Approved.')}
            >
              Approve
            </button>
            <button
              type="button"
              className="small"
              data-testid="review-request-changes"
              onClick={() => act({ kind: 'request-changes', by: name, organization }, 'Changes requested.')}
            >
              Request changes
            </button>
          </div>
          <label className="review-field wide">
            <span>Comment</span>
            <textarea
              data-testid="review-comment-text"
              rows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          <label className="review-field">
            <span>Pin to</span>
            <select data-testid="review-anchor" value={pin} onChange={(e) => setPin(e.target.value)}>
              <option value="trajectory">Selected trajectory{selected ? ` (${selected.name})` : ''}</option>
              <option value="point">Point at the 2D crosshair</option>
              {plan.measurements.map((m) => (
                <option key={m.id} value={`measurement:${m.id}`}>
                  Measurement: {m.name}
                </option>
              ))}
            </select>
          </label>
          <div className="review-buttons">
            <button type="button" className="small" data-testid="review-comment-add" onClick={addComment}>
              Add comment
            </button>
            <button
              type="button"
              className={pinPending ? 'small primary' : 'small'}
              data-testid="review-comment-pin-3d"
              aria-pressed={pinPending !== null}
              title="Then click the bone in the 3D view where the comment belongs"
              onClick={pinIn3d}
            >
              Pin on the 3D view
            </button>
          </div>
          {pinPending && (
            <p className="review-pin-hint" data-testid="review-pin-hint" role="status">
              Click the bone in the 3D view to pin this comment. Esc cancels.{' '}
              <button
                type="button"
                className="ghost small"
                onClick={() => useReviewPinStore.getState().finish({ kind: 'cancelled' })}
              >
                Cancel
              </button>
            </p>
          )}
          <ol className="review-comments" data-testid="review-comments">
            {review.comments.map((c) => (
              <li key={c.id} data-anchor={c.anchor.kind}>
                <button
                  type="button"
                  className="ghost small"
                  title="Show where it is pinned"
                  onClick={() => goTo(c.anchor)}
                >
                  {pinName(c.anchor)}
                </button>
                <span className="review-comment-text">{c.text}</span>
                <span className="muted">
                  {' '}
                  {c.author}, {when(c.atIso)}, v{c.planVersion}
                  {c.planVersion < review.version ? ' (older version)' : ''}
                </span>
              </li>
            ))}
          </ol>
          <details className="review-history" data-testid="review-history" open>
            <summary>History ({review.history.length})</summary>
            <ol>
              {review.history.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows at its end
                <li key={i} data-kind={e.kind}>
                  v{e.version} {e.kind.replace(/-/g, ' ')}
                  {e.by && ` by ${e.by}`}
                  {e.organization && ` (${e.organization})`}, {when(e.atIso)}
                  {e.note && e.kind !== 'commented' && <span className="muted"> ({e.note})</span>}
                  {e.changes && (
                    <ul>
                      {e.changes.map((c) => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          </details>
        </>
      ) : (
        <p className="muted">Open a case, or a case bundle a colleague sent you.</p>
      )}
      <div className="review-files">
        {plan && (
          <>
            <button
              type="button"
              className="small"
              data-testid="review-patient-open"
              disabled={plan.trajectories.length === 0}
              onClick={() => setPatientOpen(true)}
            >
              Patient view…
            </button>
            <label className="review-check">
              <input type="checkbox" checked={deidentify} onChange={(e) => setDeidentify(e.target.checked)} />
              De-identify the images (recommended)
            </label>
            <button
              type="button"
              className="small"
              data-testid="review-bundle-export"
              onClick={() => void exportBundle()}
            >
              Export case bundle
            </button>
            <button type="button" className="small" data-testid="review-export" onClick={exportReview}>
              Export my review
            </button>
            <button type="button" className="small" onClick={() => reviewInput.current?.click()}>
              Import a review
            </button>
          </>
        )}
        <button type="button" className="small" onClick={() => bundleInput.current?.click()}>
          Open case bundle
        </button>
        <input
          ref={bundleInput}
          hidden
          type="file"
          accept=".zip"
          data-testid="review-bundle-open"
          onChange={(e) => void openBundle(e.target.files?.[0])}
        />
        <input
          ref={reviewInput}
          hidden
          type="file"
          accept=".json"
          data-testid="review-import"
          onChange={(e) => void importReview(e.target.files?.[0])}
        />
      </div>
      {notice && (
        <ul
          className={notice.kind === 'error' ? 'error review-notice' : 'muted review-notice'}
          data-testid="review-notice"
          role="status"
        >
          {notice.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      {patientOpen && plan && (
        <PatientView
          plan={plan}
          readouts={readouts}
          mesh={io.patientMesh}
          onClose={() => setPatientOpen(false)}
        />
      )}
      {removed.length > 0 && (
        <details data-testid="review-removed">
          <summary>De-identified: {removed.length} kinds of attribute removed or replaced</summary>
          <ul>
            {removed.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
