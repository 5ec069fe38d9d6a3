/**
 * The dependency rules of the architecture (README, "Architecture"), as data.
 * A layer is the first folder under src/ (or a top-level folder such as shaders/); `main` is src/main.tsx.
 */
export type Layer =
  | 'core'
  | 'volume'
  | 'dicom'
  | 'phantom'
  | 'analysis'
  | 'planning'
  | 'training'
  | 'render'
  | 'scene'
  | 'xr'
  | 'state'
  | 'ui'
  | 'workers'
  | 'cli'
  | 'app'
  | 'main'
  | 'shaders'
  | 'models';

export interface LayerRule {
  layers: readonly Layer[];
  /** Bare package specifiers allowed (prefix match: 'three' also allows 'three/examples/...'). */
  packages: readonly string[];
  /** Pure layers run in Node, workers and tests: no window, document or WebGL. */
  domFree: boolean;
}

const DICOM_PACKAGES = [
  'dicom-parser',
  'fflate',
  '@cornerstonejs/codec-libjpeg-turbo-8bit',
  '@cornerstonejs/jpeg-lossless-decoder-js',
  '@cornerstonejs/codec-charls',
  '@cornerstonejs/codec-openjpeg',
  '@cornerstonejs/codec-openjph',
];
const REACT = ['react', 'react-dom'];
const R3F = ['@react-three/fiber', '@react-three/drei', 'three'];

export const RULES: Record<Layer, LayerRule> = {
  core: { layers: [], packages: [], domFree: true },
  volume: { layers: ['core'], packages: [], domFree: true },
  dicom: { layers: ['volume', 'core'], packages: DICOM_PACKAGES, domFree: true },
  phantom: { layers: ['dicom', 'volume', 'core'], packages: [], domFree: true },
  /** Automatic spine analysis on a CT (levels, landmarks, no-go masks): volume -> analysis -> planning. */
  analysis: { layers: ['volume', 'core'], packages: [], domFree: true },
  planning: { layers: ['analysis', 'volume', 'core', 'models'], packages: [], domFree: true },
  /** Trainee mode: scoring, case packages, attempt logs (issue 11); pure like planning. */
  training: {
    layers: ['analysis', 'planning', 'volume', 'core', 'models'],
    packages: ['fflate'],
    domFree: true,
  },
  render: { layers: ['volume', 'core', 'shaders'], packages: ['three'], domFree: false },
  scene: {
    layers: ['render', 'state', 'analysis', 'planning', 'training', 'volume', 'core'],
    packages: [...R3F, ...REACT],
    domFree: false,
  },
  xr: {
    layers: ['scene', 'render', 'state', 'core', 'analysis', 'planning', 'training', 'volume'],
    packages: [...R3F, ...REACT, '@react-three/xr'],
    domFree: false,
  },
  state: {
    layers: ['dicom', 'phantom', 'volume', 'analysis', 'planning', 'training', 'core'],
    packages: ['zustand'],
    domFree: false,
  },
  /**
   * The DOM panels (including the viewport controls, which scene/viewChrome.ts places) may read the pure
   * volume layer's names and constants (window presets, slice orientations, dose levels); a case's voxels
   * still reach the UI only through the sources app/ injects.
   */
  ui: {
    layers: ['state', 'analysis', 'planning', 'training', 'core', 'volume'],
    packages: [...REACT, 'cornerstone-core'],
    domFree: false,
  },
  workers: {
    layers: ['dicom', 'phantom', 'volume', 'core', 'analysis', 'planning'],
    // codec-wasm/ is a Vite alias for the codecs' .wasm files (vite.config.ts)
    packages: [...DICOM_PACKAGES, 'codec-wasm'],
    domFree: true,
  },
  cli: {
    layers: ['dicom', 'phantom', 'volume', 'core', 'analysis', 'planning'],
    packages: ['node:'],
    domFree: true,
  },
  app: {
    layers: ['core', 'volume', 'dicom', 'phantom', 'analysis', 'planning', 'training', 'state', 'workers'],
    packages: [],
    domFree: false,
  },
  main: {
    layers: [
      'app',
      'core',
      'volume',
      'dicom',
      'phantom',
      'analysis',
      'planning',
      'training',
      'render',
      'scene',
      'xr',
      'state',
      'ui',
      'workers',
    ],
    packages: [...REACT],
    domFree: false,
  },
  shaders: { layers: ['shaders'], packages: [], domFree: false },
  models: { layers: [], packages: [], domFree: true },
};
