"""An independent reader of a DICOM Segmentation for the tests: pydicom (Debian python3-pydicom), no numpy.

Usage: /usr/bin/python3 test/tools/read-seg.py file.dcm
Prints JSON: the segments (number, label, algorithm type, colour, codes) and, per segment, the voxel count and
the set of (frame position, pixel index) pairs' count per position, from the bits of Pixel Data (PS3.5 8.1.1:
BitsAllocated 1, frames back to back, first pixel in the lowest bit).
"""
import json
import sys

import pydicom


POPCOUNT = [bin(b).count("1") for b in range(256)]


def code(seq):
    if not seq:
        return None
    item = seq[0]
    return {"value": item.CodeValue, "scheme": item.CodingSchemeDesignator, "meaning": item.CodeMeaning}


def main(path):
    ds = pydicom.dcmread(path)
    rows, cols, frames = int(ds.Rows), int(ds.Columns), int(ds.NumberOfFrames)
    bits = ds.PixelData
    per_frame = ds.PerFrameFunctionalGroupsSequence
    segments = []
    for s in ds.SegmentSequence:
        segments.append(
            {
                "number": int(s.SegmentNumber),
                "label": str(s.SegmentLabel),
                "algorithmType": str(s.SegmentAlgorithmType),
                "lab": [int(v) for v in s.RecommendedDisplayCIELabValue],
                "category": code(s.SegmentedPropertyCategoryCodeSequence),
                "type": code(s.SegmentedPropertyTypeCodeSequence),
                "modifier": code(getattr(s, "SegmentedPropertyTypeModifierCodeSequence", None)),
            }
        )
    voxels = {}
    positions = {}
    n = rows * cols
    for f in range(frames):
        group = per_frame[f]
        number = int(group.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        ipp = [float(v) for v in group.PlanePositionSequence[0].ImagePositionPatient]
        start = f * n
        if start % 8 == 0 and n % 8 == 0:
            count = sum(POPCOUNT[b] for b in bits[start >> 3 : (start + n) >> 3])
        else:
            count = sum(1 for bit in range(start, start + n) if bits[bit >> 3] >> (bit & 7) & 1)
        voxels[number] = voxels.get(number, 0) + count
        positions.setdefault(number, []).append({"ipp": ipp, "count": count})
    print(
        json.dumps(
            {
                "sopClassUid": str(ds.SOPClassUID),
                "rows": rows,
                "columns": cols,
                "frames": frames,
                "segmentationType": str(ds.SegmentationType),
                "orientation": [float(v) for v in ds.SharedFunctionalGroupsSequence[0].PlaneOrientationSequence[0].ImageOrientationPatient],
                "segments": segments,
                "voxels": voxels,
                "positions": positions,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
