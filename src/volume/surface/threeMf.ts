import { type Mat4, transformPoint } from '../../core/mat4';
import type { SurfaceMesh } from './mesh';

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>`;

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * The parts of a 3MF package (3MF Consortium, 3MF Core Specification 1.3, ch. 2-4): content types, the
 * root relationship and one model in millimetres with one mesh object and build item per part. Vertices are
 * written in the print frame (`toPrint`, a proper rotation + translation: the winding stays
 * counter-clockwise from outside, as sec. 4.1.4 requires). The caller zips the parts (OPC package).
 */
export function threeMfParts(
  parts: readonly { name: string; mesh: Pick<SurfaceMesh, 'positions' | 'indices'> }[],
  title: string,
  toPrint: Mat4,
): Record<string, Uint8Array> {
  const chunks: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<model unit="millimeter" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">`,
    `<metadata name="Title">${escapeXml(title)}</metadata><metadata name="Application">Spineplan</metadata>`,
    '<resources>',
  ];
  parts.forEach(({ name, mesh }, n) => {
    chunks.push(`<object id="${n + 1}" type="model" name="${escapeXml(name)}"><mesh><vertices>`);
    const p = mesh.positions;
    for (let v = 0; v < p.length; v += 3) {
      const [x, y, z] = transformPoint(toPrint, [p[v]!, p[v + 1]!, p[v + 2]!]);
      chunks.push(`<vertex x="${x.toFixed(3)}" y="${y.toFixed(3)}" z="${z.toFixed(3)}"/>`);
    }
    chunks.push('</vertices><triangles>');
    const t = mesh.indices;
    for (let i = 0; i < t.length; i += 3)
      chunks.push(`<triangle v1="${t[i]}" v2="${t[i + 1]}" v3="${t[i + 2]}"/>`);
    chunks.push('</triangles></mesh></object>');
  });
  chunks.push('</resources><build>');
  for (let n = 0; n < parts.length; n++) chunks.push(`<item objectid="${n + 1}"/>`);
  chunks.push('</build></model>');
  const encoder = new TextEncoder();
  return {
    '[Content_Types].xml': encoder.encode(CONTENT_TYPES),
    '_rels/.rels': encoder.encode(RELS),
    '3D/3dmodel.model': encoder.encode(chunks.join('')),
  };
}
