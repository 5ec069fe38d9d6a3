import { View } from '@react-three/drei';
import { useCallback, useMemo, useRef, useState } from 'react';
import { patientForFile } from '../../planning/exportNames';
import { boxBoundingSphere, textureToLpsMatrix } from '../../render/volumeBox';
import { usePrintStore } from '../../state/printStore';
import { useStudyStore } from '../../state/studyStore';
import { meshBoundingSphere } from '../../volume/surface/mesh';
import { editorHistogramHeights } from '../../volume/transfer/transferFunctionHistogram';
import type { Volume } from '../../volume/volume';
import { LevelLabels3D, LevelLabels3DSync } from '../analysis/LevelLabels3D';
import { PlanObjects3D } from '../plan/PlanObjects3D';
import { PlanPicker3D } from '../plan/PlanPicker3D';
import { ReviewPins3D, ReviewPins3DSync } from '../review/ReviewPins';
import { BoneSurface } from '../surface/BoneSurface';
import { PrintPreview } from '../surface/PrintPreview';
import { useShownSurfaceMesh } from '../surface/useShownSurfaceMesh';
import { TraineeNeedle3D } from '../trainee/TraineeNeedle3D';
import { useViewChrome } from '../viewChrome';
import { CameraRig } from './CameraRig';
import { FrameCounter } from './FrameCounter';
import { OrientationMarker, OrientationMarkerSync } from './OrientationMarker';
import { SceneMarkers } from './SceneMarkers';
import { useCouchFound } from './useCouchClip';
import { useDisplayVolume } from './useDisplayVolume';
import { useWindowLevelDrag } from './useWindowLevelDrag';
import { VolumeRaymarch } from './VolumeRaymarch';

/** Histogram heights per volume: reopening the transfer-function editor does not re-read every voxel. */
const heightsByVolume = new WeakMap<Volume, Float32Array>();
function cachedHistogramHeights(volume: Volume): Float32Array {
  let heights = heightsByVolume.get(volume);
  if (!heights) {
    heights = editorHistogramHeights(volume);
    heightsByVolume.set(volume, heights);
  }
  return heights;
}

/** The 3D viewport: raymarched volume, camera, view buttons, clipping panel and orientation triad. */
export function Volume3DView() {
  const { volume, notice } = useDisplayVolume(useStudyStore((s) => s.volume));
  if (!volume) return null;
  return (
    <>
      <Volume3DContent volume={volume} />
      {notice && (
        <div
          className="viewport-overlay"
          data-testid="view3d-notice"
          style={{ left: 4, bottom: 4, right: 4 }}
        >
          {notice}
        </div>
      )}
    </>
  );
}

function Volume3DContent({ volume }: { volume: Volume }) {
  const markerRef = useRef<SVGSVGElement>(null);
  const levelsRef = useRef<SVGSVGElement>(null);
  const pinsRef = useRef<SVGSVGElement>(null);
  const viewRef = useRef<HTMLElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const [interacting, setInteracting] = useState(false);
  const printShown = usePrintStore((s) => s.showInScene && s.phase === 'ready' && s.volumeId === volume.id);
  const printModel = usePrintStore((s) => s.model);
  const [editorOpen, setEditorOpen] = useState(false);
  const [cropOpen, setCropOpen] = useState(false);
  const closeCrop = useCallback(() => setCropOpen(false), []);
  const chrome = useViewChrome();
  const shownSurface = useShownSurfaceMesh(volume.id);
  const couchFound = useCouchFound(volume.id);
  const closeEditor = useCallback(() => setEditorOpen(false), []);
  const histogramHeights = useCallback(() => cachedHistogramHeights(volume), [volume]);
  useWindowLevelDrag(viewRef);
  const volumeSphere = useMemo(
    () => boxBoundingSphere(textureToLpsMatrix(volume.ijkToLps, volume.dims)),
    [volume],
  );
  // A shown print is framed by itself (a few vertebrae in a whole-abdomen field of view look tiny).
  const printSphere = useMemo(
    // The skin shell, when made, stands around the whole print: frame by it.
    () => (printModel ? meshBoundingSphere(printModel.shell ?? printModel.mesh) : null),
    [printModel],
  );
  const sphere = printShown && printSphere ? printSphere : volumeSphere;
  return (
    <>
      <View ref={viewRef} className="view-fill" data-testid="view3d">
        {/* drei View renders with autoClear off; a scene background makes three clear this view's scissor
            box (colour and depth) every frame, so old frames do not show through the blended volume. */}
        <color attach="background" args={['#000000']} />
        <CameraRig
          centreLps={sphere.centreLps}
          radiusMm={sphere.radiusMm}
          onInteractingChange={setInteracting}
          elementRef={viewRef}
        />
        <SceneMarkers />
        <PlanObjects3D />
        <TraineeNeedle3D />
        <PlanPicker3D volume={volume} />
        {/* The print model, when shown, stands alone: the rendered CT would hide it (same bone, same place). */}
        {!printShown && <BoneSurface volume={volume} />}
        <PrintPreview volumeId={volume.id} />
        {!printShown && <VolumeRaymarch volume={volume} interacting={interacting} />}
        <OrientationMarkerSync svgRef={markerRef} />
        <LevelLabels3DSync svgRef={levelsRef} />
        <ReviewPins3DSync svgRef={pinsRef} />
        <FrameCounter targetRef={toolbarRef} />
      </View>
      <div
        ref={toolbarRef}
        className="viewport-overlay"
        data-testid="view3d-toolbar"
        // The toolbar is one row across the view; the panels it opens (its More menu, the transfer-function
        // editor at the left, clipping at the right) hang below it, above the vertebra names and pins.
        style={{
          zIndex: 3,
          left: 4,
          top: 4,
          right: 4,
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'flex-start',
          gap: 2,
        }}
      >
        {chrome.volume3dToolbar({
          editorOpen,
          onToggleEditor: () => setEditorOpen(!editorOpen),
          cropOpen,
          onToggleCrop: () => setCropOpen(!cropOpen),
          patient: patientForFile(volume.metadata),
          shown: shownSurface,
          couchFound,
        })}
        {editorOpen && chrome.transferFunctionEditor({ histogramHeights, onClose: closeEditor })}
        {cropOpen && (
          <div style={{ alignSelf: 'flex-end' }}>
            {chrome.cropPanel({
              ijkToLps: volume.ijkToLps,
              radiusMm: Math.ceil(sphere.radiusMm),
              onClose: closeCrop,
            })}
          </div>
        )}
      </div>
      <LevelLabels3D svgRef={levelsRef} />
      <ReviewPins3D svgRef={pinsRef} />
      <OrientationMarker svgRef={markerRef} />
    </>
  );
}
