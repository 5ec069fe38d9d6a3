import { View } from '@react-three/drei';
import { useMemo, useRef } from 'react';
import { findSquaringTiltDeg } from '../../planning/carmViewsSquaring';
import { couchClip } from '../../planning/couchClip';
import { endplateNormalFor } from '../../planning/endplates';
import { useAnalysisStore } from '../../state/analysisStore';
import { useCarmStore } from '../../state/carmStore';
import { selectActivePlan, selectSelectedTrajectory, usePlanStore } from '../../state/planStore';
import { useStudyStore } from '../../state/studyStore';
import type { DrrNeedle } from '../../volume/drr';
import type { Volume } from '../../volume/volume';
import { useElementSize } from '../slice/useElementSize';
import { TraineeCarmLayer } from '../trainee/TraineeCarmLayer';
import { useAttemptNeedle } from '../trainee/useAttemptNeedle';
import { useShotRecorder } from '../trainee/useShotRecorder';
import { useViewChrome } from '../viewChrome';
import { useDisplayVolume } from '../volume3d/useDisplayVolume';
import { CarmOverlay } from './CarmOverlay';
import { presetsFor } from './carmPresetsForPlan';
import { DrrImage } from './DrrImage';
import { useCarmImage, useDrrNeedles, useIsocentre } from './useCarmImage';
import { useMeasuredEndplate } from './useMeasuredEndplate';

/** The virtual C-arm viewport: simulated fluoroscopy (DRR) of the open CT with the plan's needles. */
export function CarmView() {
  const { volume, notice } = useDisplayVolume(useStudyStore((s) => s.volume));
  if (!volume) return null;
  return (
    <>
      <CarmContent volume={volume} />
      {notice && (
        <div className="viewport-overlay" data-testid="carm-notice" style={{ left: 4, bottom: 4, right: 4 }}>
          {notice}
        </div>
      )}
    </>
  );
}

function CarmContent({ volume }: { volume: Volume }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [widthPx, heightPx] = useElementSize(boxRef);
  const image = useCarmImage(volume);
  const isocentreLps = useIsocentre(volume);
  const planNeedles = useDrrNeedles();
  // During a trainee attempt the active plan is empty (ui/trainee/trainingCase.ts): the steel is the trainee's.
  const attempt = useAttemptNeedle();
  // Keyed by value: the steel changes only at a shot, and every new needle list recomputes the DRR.
  const steelKey = attempt.steel ? JSON.stringify(attempt.steel) : '';
  const needles = useMemo(
    () => (attempt.running ? (steelKey ? [JSON.parse(steelKey) as DrrNeedle] : []) : planNeedles),
    [attempt.running, steelKey, planNeedles],
  );
  const trajectory = usePlanStore(selectSelectedTrajectory);
  const trajectories = usePlanStore((s) => selectActivePlan(s)?.trajectories) ?? [];
  const caseKey = usePlanStore((s) => s.activeCaseKey) ?? '';
  const truth = useStudyStore((s) => s.demoTruth);
  useShotRecorder(caseKey, attempt.running);
  const chrome = useViewChrome();
  // The CT couch is left out of the image once the spine analysis has found it on this volume.
  const body = useAnalysisStore((s) =>
    s.volumeId === volume.id.split('@')[0] ? s.analysis?.body : undefined,
  );
  const clip = useMemo(() => (body ? couchClip(body) : undefined), [body]);
  // A new quantum-noise pattern with every exposure (shot or pulse).
  const noiseSeed = useCarmStore((s) => {
    const c = s.counters[caseKey];
    return c ? c.shots * 7919 + Math.round(c.fluoroSeconds * 15) : 0;
  });
  const knownEndplate = trajectory ? endplateNormalFor(truth, trajectory.level) : undefined;
  const measuredEndplate = useMeasuredEndplate(volume, isocentreLps, knownEndplate, trajectory !== undefined);
  const presets = presetsFor(trajectory, knownEndplate ?? measuredEndplate);
  return (
    <div ref={boxRef} className="view-fill" data-testid="carm-view-box">
      <View className="view-fill" data-testid="carm-view">
        {/* drei View does not clear its scissor box by itself: the background does, every frame. */}
        <color attach="background" args={['#000000']} />
        <DrrImage
          volume={volume}
          geometry={image.shown ? image.geometry : null}
          needles={needles}
          clip={clip}
          noiseSeed={noiseSeed}
          viewWidthPx={widthPx}
          viewHeightPx={heightPx}
        />
      </View>
      {attempt.running && widthPx > 0 && (
        <TraineeCarmLayer
          volume={volume}
          geometry={image.geometry}
          exposed={image.shown !== null}
          widthPx={widthPx}
          heightPx={heightPx}
          caseKey={caseKey}
          needle={attempt}
        />
      )}
      {image.shown && image.beyondScan.length > 0 && (
        <div
          className="viewport-overlay"
          data-testid="carm-scan-range-note"
          style={{
            left: '50%',
            bottom: 34,
            transform: 'translateX(-50%)',
            fontSize: 11,
            color: '#ffd24d',
            background: 'rgba(0, 0, 0, 0.6)',
            padding: '1px 4px',
          }}
        >
          CT ends toward the {image.beyondScan.join(' and the ')}: the flat grey there is no patient data.
        </div>
      )}
      {chrome.exposureIndicator({ caseKey })}
      {image.shown && widthPx > 0 && (
        <CarmOverlay
          geometry={image.geometry}
          widthPx={widthPx}
          heightPx={heightPx}
          trajectories={trajectories}
        />
      )}
      <div
        className="viewport-overlay"
        style={{ left: 4, top: 4, background: 'rgba(0, 0, 0, 0.6)', padding: 4, borderRadius: 4 }}
      >
        {chrome.carmControls({
          trajectory,
          presets,
          caseKey,
          onSquare: () => {
            const { obliqueDeg, setAngles } = useCarmStore.getState();
            setAngles({ tiltDeg: findSquaringTiltDeg(volume, isocentreLps, obliqueDeg) });
          },
        })}
      </div>
    </div>
  );
}
