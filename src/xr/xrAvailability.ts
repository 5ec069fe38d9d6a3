import type { XrAvailability } from '../state/xrStore';

/** The part of `navigator.xr` the check needs (injectable for tests). */
export interface XrSystemLike {
  isSessionSupported: (mode: XRSessionMode) => Promise<boolean>;
}

async function supported(xr: XrSystemLike, mode: XRSessionMode): Promise<boolean> {
  try {
    return await xr.isSessionSupported(mode);
  } catch {
    // A permissions policy ("xr-spatial-tracking") blocking WebXR rejects instead of answering false.
    return false;
  }
}

/**
 * Asks the browser which immersive modes it offers. WebXR exists only in secure contexts (WebXR Device API
 * s.3); a desktop browser without a headset runtime answers false for both modes.
 */
export async function checkXrAvailability(
  xr: XrSystemLike | undefined,
  isSecureContext: boolean,
): Promise<XrAvailability> {
  if (!isSecureContext)
    return {
      checked: true,
      vr: false,
      ar: false,
      reason: 'Headset preview needs a secure page (https or localhost).',
    };
  if (!xr)
    return {
      checked: true,
      vr: false,
      ar: false,
      reason:
        'This browser has no WebXR. Open Spineplan in the headset browser (Meta Quest Browser, Safari on Vision Pro) to view the plan in 3D.',
    };
  const [vr, ar] = await Promise.all([supported(xr, 'immersive-vr'), supported(xr, 'immersive-ar')]);
  return {
    checked: true,
    vr,
    ar,
    reason:
      vr || ar
        ? null
        : 'No headset found: this browser offers no immersive session. Connect a headset or open Spineplan in the headset browser.',
  };
}
