/**
 * The patient's own file (issue 22): ONE self-contained HTML page (styles, texts, the decimated bone mesh as
 * base64 and the viewer script inline) that opens from disk with no network request, and prints as a
 * one-page handout in large type.
 */
import type { PatientContent } from './patientContent';
import { type SpineModel, spineViewer } from './spineViewer';

export interface PatientMesh {
  /** x, y, z per vertex, LPS mm. */
  positions: Float32Array;
  indices: Uint32Array;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Base64 of typed array bytes (chunked: String.fromCharCode takes a bounded argument list). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return btoa(binary);
}
const bytesOf = (a: Float32Array | Uint32Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The page's styles, scoped to .patient-page so the app can show the same page (PatientView.tsx). */
export const PATIENT_PAGE_STYLE = `
  .patient-page { font-family: system-ui, 'Segoe UI', Arial, sans-serif; font-size: 19px; line-height: 1.45; color: #111; background: #fff; max-width: 1000px; margin: 0 auto; padding: 20px; }
  .patient-page h1 { font-size: 34px; margin: 0 0 6px; }
  .patient-page h2 { font-size: 24px; margin: 14px 0 4px; }
  .patient-page .intro { margin: 0 0 10px; }
  .patient-page .top { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 20px; align-items: start; }
  .patient-page figure { margin: 0; }
  .patient-page canvas { width: 100%; aspect-ratio: 1 / 1; border-radius: 8px; touch-action: none; cursor: grab; display: block; }
  .patient-page figcaption { font-size: 16px; color: #333; }
  .patient-page .where { font-size: 22px; font-weight: 700; margin: 0 0 6px; }
  .patient-page ol, .patient-page ul { margin: 4px 0; padding-left: 26px; }
  .patient-page li { margin: 3px 0; }
  .patient-page .questions { font-weight: 700; margin-top: 10px; }
  .patient-page footer { font-size: 14px; color: #444; margin-top: 8px; }
  @media print {
    .patient-page { font-size: 14pt; padding: 0; max-width: none; }
    .patient-page h1 { font-size: 24pt; }
    .patient-page h2 { font-size: 17pt; margin-top: 8pt; }
    .patient-page .where { font-size: 16pt; }
    .patient-page canvas { cursor: default; }
    .patient-page .screen-only { display: none; }
    .patient-page figcaption, .patient-page footer { font-size: 11pt; }
  }
`;
const FILE_STYLE = `body { margin: 0; background: #fff; color-scheme: light; } @page { size: A4; margin: 12mm; }`;

/** The page's markup (texts escaped); its canvas is drawn by spineViewer. */
export function patientBodyHtml(content: PatientContent): string {
  const t = content.texts;
  const list = (items: readonly string[]) => items.map((i) => `<li>${escapeHtml(i)}</li>`).join('');
  return `<main class="patient-page">
<h1>${escapeHtml(t.title)}</h1>
<p class="intro">${escapeHtml(t.intro)}</p>
<div class="top">
<figure>
<canvas width="640" height="640" data-testid="patient-spine" aria-label="${escapeHtml(t.yourSpine)}"></canvas>
<figcaption>${escapeHtml(t.yourSpine)}. ${escapeHtml(t.needleLegend)}.<span class="screen-only"> ${escapeHtml(t.modelHint)}</span></figcaption>
</figure>
<div>
<h2>${escapeHtml(t.whereTitle)}</h2>
${content.where.map((w) => `<p class="where" data-testid="patient-where">${escapeHtml(w)}</p>`).join('')}
<p>${escapeHtml(content.procedure)}</p>
<h2>${escapeHtml(t.keepsClearTitle)}</h2>
<ul data-testid="patient-keeps-clear">${list(content.keepsClear)}</ul>
</div>
</div>
<h2>${escapeHtml(t.stepsTitle)}</h2>
<ol data-testid="patient-steps">${list(content.steps)}</ol>
<p class="questions">${escapeHtml(t.questions)}</p>
<footer>${escapeHtml(t.footer)}</footer>
</main>`;
}

/** The viewer's model for a mesh and the content's needles. */
export const spineModel = (content: PatientContent, mesh: PatientMesh): SpineModel => ({
  positions: mesh.positions,
  indices: mesh.indices,
  needles: content.needles.map((n) => [...n.entryLps, ...n.targetLps]),
  left: content.texts.yourLeft,
  right: content.texts.yourRight,
});

/**
 * The whole file: the page, its styles, the mesh as base64 and the viewer's own source (spineViewer is one
 * self-contained function, so its text runs as it is).
 */
export function patientHtml(content: PatientContent, mesh: PatientMesh): string {
  const t = content.texts;
  const model = spineModel(content, mesh);
  const data = {
    positions: base64(bytesOf(mesh.positions)),
    indices: base64(bytesOf(mesh.indices)),
    needles: model.needles,
    left: model.left,
    right: model.right,
  };
  return `<!doctype html>
<html lang="${escapeHtml(t.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>${FILE_STYLE}${PATIENT_PAGE_STYLE}</style>
</head>
<body>
${patientBodyHtml(content)}
<script>
(function () {
  var spineViewer = (${spineViewer.toString()});
  var m = ${JSON.stringify(data).replace(/</g, '\\u003c')};
  function bytes(b64) { var s = atob(b64), out = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i); return out.buffer; }
  spineViewer(document.querySelector('.patient-page canvas'), {
    positions: new Float32Array(bytes(m.positions)),
    indices: new Uint32Array(bytes(m.indices)),
    needles: m.needles, left: m.left, right: m.right
  });
})();
</script>
</body>
</html>
`;
}
