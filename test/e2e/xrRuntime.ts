import path from 'node:path';
import { buildSync } from 'esbuild';

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * iwer's WebXR runtime (a Meta Quest 3) as a script for page.addInitScript (iwer's XRDevice with its Quest 3 config):
 * Chromium already has navigator.xr, so the runtime is forced in before the app loads, and the device is left
 * on window.__iwerDevice for the test to move. iwer is bundled here, for the test page only; the app's XR
 * store is created with `emulate: false`. `withRoom`: also iwer's Synthetic Environment Module, which answers
 * WebXR hit tests against a recorded room the test loads (device.sem.loadEnvironment). `withThree`: the
 * three.js bundled with the room on window.__iwerThree, so a test can put objects into the room's own scene
 * (device.sem.scene: the passthrough the headset sees, e.g. a 3D print on the table).
 */
export function iwerRuntimeScript({ withRoom = false, withThree = false } = {}): string {
  const contents = [
    "import { XRDevice, metaQuest3 } from 'iwer';",
    withRoom ? "import { SyntheticEnvironmentModule } from '@iwer/sem';" : '',
    withThree ? "import * as THREE from 'three'; window.__iwerThree = THREE;" : '',
    'const device = new XRDevice(metaQuest3);',
    'device.installRuntime({ forceInstall: true });',
    withRoom ? 'device.installSEM(SyntheticEnvironmentModule);' : '',
    'window.__iwerDevice = device;',
  ].join('\n');
  return buildSync({
    stdin: { contents, resolveDir: REPO, loader: 'js' },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.text;
}

/** The app's canvas keeps its desktop CSS size inside iwer's full-window container: stretch it for screenshots. Runs in the page. */
export function stretchXrCanvasesInPage(): void {
  for (const c of document.querySelectorAll<HTMLCanvasElement>('[data-webxr_runtime] canvas')) {
    c.style.width = '100%';
    c.style.height = '100%';
  }
}
