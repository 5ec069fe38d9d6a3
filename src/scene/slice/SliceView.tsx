import { View } from '@react-three/drei';
import { useEffect, useRef } from 'react';
import { useSliceStore } from '../../state/sliceStore';
import { useStudyStore } from '../../state/studyStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { viewCentreMm } from '../../volume/sliceViewport';
import type { Volume } from '../../volume/volume';
import { SliceOverlay } from './SliceOverlay';
import { SliceScene } from './SliceScene';
import { useElementSize } from './useElementSize';
import { useOverlayInsets } from './useOverlayInsets';
import { useSliceGeometry } from './useSliceGeometry';
import { useSliceInput } from './useSliceInput';

/** A 2D view (axial, sagittal or coronal) of the open volume, in radiological convention. */
export function SliceView({ orientation }: { orientation: SliceOrientation }) {
  const volume = useStudyStore((s) => s.volume);
  const storeVolumeId = useSliceStore((s) => s.volumeId);
  useEffect(() => {
    if (volume && useSliceStore.getState().volumeId !== volume.id)
      useSliceStore.getState().resetForVolume(volume);
  }, [volume]);
  if (!volume || storeVolumeId !== volume.id)
    return <div className="viewport-placeholder">{orientation} slices</div>;
  return <OpenSliceView orientation={orientation} volume={volume} />;
}

function OpenSliceView({ orientation, volume }: { orientation: SliceOrientation; volume: Volume }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(boxRef);
  const insets = useOverlayInsets(boxRef);
  const geometry = useSliceGeometry(orientation, volume, size, insets);
  useSliceInput(boxRef, orientation, volume, geometry);
  return (
    <div
      ref={boxRef}
      className="view-fill"
      data-testid={`slice-${orientation}`}
      data-px-per-mm={geometry.transform.pxPerMm}
      // The in-plane mm at the view's middle (where its camera looks): with px per mm this gives any pixel's
      // plane point. The pan (`centreMm`) shows at the free area's centre, the anchor.
      data-centre-mm={viewCentreMm(geometry.transform).join(',')}
      data-pan-mm={geometry.transform.centreMm.join(',')}
      data-anchor-px={geometry.transform.anchorPx?.join(',')}
      data-inset-top-px={insets.topPx}
      data-inset-bottom-px={insets.bottomPx}
      data-needle-field-mm={geometry.needle?.frame.fieldMm}
      data-origin-lps={geometry.plane.originLps.join(',')}
      data-u-lps={geometry.plane.uLps.join(',')}
      data-v-lps={geometry.plane.vLps.join(',')}
      style={{ cursor: 'crosshair', touchAction: 'none' }}
    >
      <View className="view-fill">
        {/* drei View renders with autoClear off: a scene background clears this view's colour and depth. */}
        <color attach="background" args={['#000000']} />
        <SliceScene orientation={orientation} volume={volume} geometry={geometry} />
      </View>
      <SliceOverlay orientation={orientation} geometry={geometry} />
    </div>
  );
}
