import type { CapabilityAssessment } from '../core/capabilities';

/** Shown instead of the app when this browser cannot run it. */
export function CapabilityBlocker({ assessment }: { assessment: CapabilityAssessment }) {
  return (
    <div className="blocker" role="alert" data-testid="capability-blocker">
      <h1 className="blocker-title">Spineplan cannot run in this browser</h1>
      <ul>
        {assessment.blockers.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
    </div>
  );
}
