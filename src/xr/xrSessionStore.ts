import { createXRStore, type XRStore } from '@react-three/xr';

/** Quest 3 runs 72-120 Hz (Meta Quest 3 technical specifications, 2023); 90 Hz is its browser's default. */
const PREFERRED_FRAME_RATE_HZ = 90;
/**
 * Below the native framebuffer size: a raymarched or dense scene is drawn once per eye (~2x a desktop frame); 0.8 of
 * native keeps the needles crisp at a third fewer pixels.
 */
export const XR_FRAMEBUFFER_SCALE = 0.8;
/** Fixed foveation 0-1 (WebXR Layers s.6 `fixedFoveation`): full, the periphery is the cheapest saving. */
export const XR_FOVEATION = 1;

let store: XRStore | undefined;

/** Where the app serves the WebXR input profiles (public/xr-profiles): absolute, the loader resolves URLs on it. */
export const xrProfilesUrl = (): string =>
  new URL(`${import.meta.env.BASE_URL}xr-profiles/`, document.baseURI).href;

/**
 * The one @react-three/xr store, made on first use. No emulator (tests install the iwer runtime
 * themselves, test/e2e/xrRuntime.ts), no automatic session offer: a session starts only from "View in headset".
 */
export function xrSessionStore(): XRStore {
  store ??= createXRStore({
    emulate: false,
    offerSession: false,
    enterGrantedSession: false,
    baseAssetPath: xrProfilesUrl(),
    defaultControllerProfileId: 'meta-quest-touch-plus',
    defaultXRHandProfileId: 'generic-hand',
    foveation: XR_FOVEATION,
    frameBufferScaling: (max) => Math.min(max, XR_FRAMEBUFFER_SCALE),
    frameRate: (rates) => {
      const list = Array.from(rates);
      return list.includes(PREFERRED_FRAME_RATE_HZ) ? PREFERRED_FRAME_RATE_HZ : Math.max(...list);
    },
    // Vision Pro's gaze-and-pinch arrives as 'transient-pointer' input sources (WebXR Input s.4.1.1).
    transientPointer: true,
    hand: { teleportPointer: false },
    controller: { teleportPointer: false },
  });
  return store;
}
