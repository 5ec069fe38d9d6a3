import { describe, expect, it } from 'vitest';
import { studyQueryParams } from '../../src/dicom/dicomweb/models';
import { boundaryOf, buildMultipart, parseMultipart } from '../../src/dicom/dicomweb/multipart';

describe('multipart/related (RFC 2387)', () => {
  it('round-trips binary parts, including bytes that look like CRLF and dashes', () => {
    const a = Uint8Array.of(0, 13, 10, 45, 45, 255, 1);
    const b = new Uint8Array(1000).map((_, i) => (i * 7) & 0xff);
    const { body, contentType } = buildMultipart([a, b]);
    const boundary = boundaryOf(contentType)!;
    const parts = parseMultipart(body, boundary);
    expect(parts.map((p) => p.headers['content-type'])).toEqual(['application/dicom', 'application/dicom']);
    expect([...parts[0]!.body]).toEqual([...a]);
    expect([...parts[1]!.body]).toEqual([...b]);
  });

  it('reads quoted and bare boundaries, and refuses a truncated body', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary="abc def"')).toBe('abc def');
    expect(boundaryOf('multipart/related;boundary=xyz;type=application/dicom')).toBe('xyz');
    expect(boundaryOf('application/dicom')).toBeUndefined();
    const text = new TextEncoder().encode('--xyz\r\nContent-Type: application/dicom\r\n\r\nDICM');
    expect(() => parseMultipart(text, 'xyz')).toThrow('truncated');
  });
});

describe('QIDO-RS study query', () => {
  it('adds a wildcard to a bare name, sends date ranges as DA ranges and skips empty fields', () => {
    const params = studyQueryParams({
      patientName: 'doe',
      dateFrom: '2012-01-01',
      modality: 'ct',
      patientId: ' ',
    });
    expect(params.get('PatientName')).toBe('doe*');
    expect(params.get('StudyDate')).toBe('20120101-');
    expect(params.get('ModalitiesInStudy')).toBe('CT');
    expect(params.has('PatientID')).toBe(false);
    expect(
      studyQueryParams({ patientName: 'D?E*', dateFrom: '20200101', dateTo: '20200101' }).toString(),
    ).toContain('PatientName=D%3FE*&StudyDate=20200101&');
  });
});
