import type { AcquiredFrame, AcquiredImagesSource } from '../core/acquiredImages';
import type { Vec3 } from '../core/vec3';
import type { DecodedFrame, ParsedDicom } from '../dicom/types';
import { orientationLetters } from '../volume/slicePlanes';

interface SliceRef {
  source: ParsedDicom;
  frameIndex: number;
  geometry: {
    imagePositionPatient: Vec3;
    imageOrientationPatient: readonly [number, number, number, number, number, number];
    pixelSpacing: readonly [number, number];
  };
}

/**
 * The "Acquired images" view's source (issue 19): the open series' slices exactly as stored, from the files
 * the loader keeps (no reformatting, no resampling: a tilted or unevenly spaced series shows its own
 * images), each decoded on demand with the loader's own decoders.
 */
export function createAcquiredImagesSource(loader: {
  activeSeriesSlices: () => readonly SliceRef[] | undefined;
  decodeSlice: (parsed: ParsedDicom, frameIndex: number) => Promise<DecodedFrame>;
}): AcquiredImagesSource {
  return {
    frames: () =>
      (loader.activeSeriesSlices() ?? []).map((s): AcquiredFrame => {
        const i = s.source.instance;
        const o = s.geometry.imageOrientationPatient;
        return {
          positionLps: s.geometry.imagePositionPatient,
          rowDirLps: [o[0], o[1], o[2]],
          columnDirLps: [o[3], o[4], o[5]],
          pixelSpacing: s.geometry.pixelSpacing,
          rows: i.rows,
          columns: i.columns,
          rescaleSlope: i.rescaleSlope,
          rescaleIntercept: i.rescaleIntercept,
          ...(i.windowCenter !== undefined ? { windowCenter: i.windowCenter } : {}),
          ...(i.windowWidth !== undefined ? { windowWidth: i.windowWidth } : {}),
          ...(i.instanceNumber !== undefined ? { instanceNumber: i.instanceNumber } : {}),
          path: i.path,
          letters: {
            right: orientationLetters([o[0], o[1], o[2]]),
            left: orientationLetters([-o[0], -o[1], -o[2]]),
            bottom: orientationLetters([o[3], o[4], o[5]]),
            top: orientationLetters([-o[3], -o[4], -o[5]]),
          },
        };
      }),
    pixels: async (index) => {
      const s = loader.activeSeriesSlices()?.[index];
      if (!s) throw new Error('That image is no longer open.');
      return (await loader.decodeSlice(s.source, s.frameIndex)).pixels;
    },
  };
}
