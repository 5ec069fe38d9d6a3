/**
 * Stands in for @pmndrs/xr's `dist/emulate.js` in production builds (a Vite `resolve.alias`), so iwer and
 * its dev UI are not even emitted as a lazy chunk. Spineplan creates its XR store with `emulate: false`;
 * tests install iwer's runtime themselves (test/e2e/xrRuntime.ts).
 */
export function emulate(): never {
  throw new Error('WebXR emulation is not part of the production build');
}
