import { useState } from 'react';
import { useTraineeStore } from '../../state/traineeStore';
import { replayNeedle } from '../../training/needleState';
import type { AttemptMode } from '../../training/types';
import { AttemptsList } from './AttemptsList';
import { CreatePackageForm } from './CreatePackageForm';
import { DebriefPanel } from './DebriefPanel';
import { OpenPackageForm } from './OpenPackageForm';
import { debriefPlan, enterAttemptCase, enterDebriefCase, leaveTrainingCase } from './trainingCase';
import type { TrainingIo } from './trainingIo';
import { useAttemptGuards } from './useAttemptGuards';
import './trainee.css';

const MODE_LABELS: Record<AttemptMode, string> = {
  'fluoro-only': 'Fluoroscopy only (as in the room)',
  ct: 'CT help (slices and 3D shown)',
};

/** Starts an attempt: the plans are hidden (empty plan case), the C-arm in rehearsal mode. */
function start(mode: AttemptMode): void {
  const store = useTraineeStore.getState();
  if (!store.startAttempt(mode)) return;
  store.enter();
  enterAttemptCase(mode === 'fluoro-only');
}

/** Ends the attempt: scores it, keeps it in the trainee's log and reveals the expert plan with the path. */
function finish(io: TrainingIo): void {
  const store = useTraineeStore.getState();
  if (!store.pkg) return;
  store.finish(io.noGoStructures(store.pkg));
  const { lastAttempt, pkg } = useTraineeStore.getState();
  if (!lastAttempt || !pkg) return;
  const replay = replayNeedle(lastAttempt.events);
  enterDebriefCase(debriefPlan(pkg, replay.poses, replay.finalPose));
}

function leave(): void {
  const store = useTraineeStore.getState();
  store.abandon();
  store.exit();
  store.setRevealed(false);
  leaveTrainingCase();
}

/**
 * Trainee mode in the side panel (issue 11): the expert makes a case package of the selected trajectory; the
 * trainee opens one, names themself, chooses the mode and starts; during the attempt the panel shows the
 * instructions and "Done"; afterwards the debrief with every metric, "Try again" and the attempts list.
 */
export function TrainingPanel({ io }: { io: TrainingIo }) {
  const pkg = useTraineeStore((s) => s.pkg);
  const attempt = useTraineeStore((s) => s.attempt);
  const lastAttempt = useTraineeStore((s) => s.lastAttempt);
  const revealed = useTraineeStore((s) => s.revealed);
  const trainee = useTraineeStore((s) => s.trainee);
  const [mode, setMode] = useState<AttemptMode | null>(null);
  useAttemptGuards(attempt !== null, attempt?.mode === 'fluoro-only');
  const chosenMode = mode ?? pkg?.defaultMode ?? 'fluoro-only';

  if (attempt && pkg)
    return (
      <div className="trainee-panel" data-testid="trainee-attempt">
        <p className="trainee-title">{pkg.title}</p>
        <p className="trainee-instructions" data-testid="trainee-instructions">
          {pkg.instructions}
        </p>
        <p className="muted">
          {MODE_LABELS[attempt.mode]} · {trainee}. On the C-arm: set the view, Shot (F), click the image to
          put the needle on the skin, advance W / withdraw S (Shift: 5 mm), steer with the arrow keys.
        </p>
        <div className="trainee-row">
          <button
            type="button"
            className="primary small"
            data-testid="trainee-done"
            onClick={() => finish(io)}
          >
            Done
          </button>
          <button
            type="button"
            className="ghost small"
            data-testid="trainee-abandon"
            onClick={() => {
              if (window.confirm('Abandon this attempt? It is not scored or kept.')) leave();
            }}
          >
            Abandon
          </button>
        </div>
      </div>
    );

  return (
    <div className="trainee-panel" data-testid="trainee-panel">
      {pkg && lastAttempt && revealed ? (
        <>
          <p className="trainee-title">Debrief: {pkg.title}</p>
          <DebriefPanel record={lastAttempt} />
          <div className="trainee-row">
            <button
              type="button"
              className="primary small"
              data-testid="trainee-try-again"
              onClick={() => start(lastAttempt.mode)}
            >
              Try again
            </button>
            <button type="button" className="ghost small" data-testid="trainee-leave" onClick={leave}>
              Back to planning
            </button>
          </div>
        </>
      ) : pkg ? (
        <div className="trainee-form" data-testid="trainee-start">
          <p className="trainee-title" data-testid="trainee-package-title">
            {pkg.title}
          </p>
          <p className="trainee-instructions">{pkg.instructions}</p>
          <label className="trainee-field">
            <span>Trainee</span>
            <input
              data-testid="trainee-name"
              value={trainee}
              onChange={(e) => useTraineeStore.getState().setTrainee(e.target.value)}
            />
          </label>
          <fieldset className="trainee-modes">
            {(Object.keys(MODE_LABELS) as AttemptMode[]).map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name="trainee-mode"
                  data-testid={`trainee-mode-${m}`}
                  checked={chosenMode === m}
                  onChange={() => setMode(m)}
                />{' '}
                {MODE_LABELS[m]}
              </label>
            ))}
          </fieldset>
          <div className="trainee-row">
            <button
              type="button"
              className="primary small"
              data-testid="trainee-start-attempt"
              onClick={() => start(chosenMode)}
            >
              Start attempt
            </button>
            <button
              type="button"
              className="ghost small"
              onClick={() => {
                leave();
                useTraineeStore.getState().setPackage(null);
              }}
            >
              Close package
            </button>
          </div>
        </div>
      ) : null}
      <OpenPackageForm io={io} />
      {pkg && <AttemptsList />}
      <details className="trainee-expert" data-testid="trainee-expert">
        <summary data-testid="trainee-expert-toggle">Expert: create a training package</summary>
        <CreatePackageForm io={io} />
      </details>
    </div>
  );
}
