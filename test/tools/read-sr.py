#!/usr/bin/python3
"""Reads a plan SR with pydicom (an independent reader) and prints what a test compares, as JSON:
the patient's name, the referenced frame of reference, and per measurement group its tracking identifier,
its Spineplan id (if any) and every SCOORD3D in it (concept code, graphic type, points in mm); the header's
sign-off (Verification Flag and Verifying Observer Sequence, PS3.3 C.17.2) and the review comments' pins.

Usage: /usr/bin/python3 test/tools/read-sr.py <file.dcm>   (Debian python3-pydicom; `npm run setup`)
"""
import json
import sys

import pydicom


def code_value(item, keyword="ConceptNameCodeSequence"):
    seq = getattr(item, keyword, None)
    return seq[0].CodeValue if seq else None


def groups(item):
    """Every CONTAINER whose concept is DCM 125007 'Measurement Group', anywhere in the tree."""
    for child in getattr(item, "ContentSequence", []):
        if child.ValueType == "CONTAINER" and code_value(child) == "125007":
            yield child
        yield from groups(child)


def scoords(item):
    for child in getattr(item, "ContentSequence", []):
        if child.ValueType == "SCOORD3D":
            values = [float(v) for v in child.GraphicData]
            yield {
                "concept": code_value(child),
                "graphicType": child.GraphicType,
                "frameOfReferenceUid": str(child.ReferencedFrameOfReferenceUID),
                "points": [values[i : i + 3] for i in range(0, len(values), 3)],
            }
        yield from scoords(child)


def text_of(group, code):
    for child in getattr(group, "ContentSequence", []):
        if child.ValueType == "TEXT" and code_value(child) == code:
            return str(child.TextValue)
    return None


def verifying_observers(ds):
    return [
        {
            "name": str(o.VerifyingObserverName),
            "organization": str(o.VerifyingOrganization),
            "dateTime": str(o.VerificationDateTime),
        }
        for o in ds.get("VerifyingObserverSequence", [])
    ]


def review_comments(ds):
    """Each review comment container (99SPINEPLAN REVIEW-COMMENT): its text and pinned point."""
    for review in getattr(ds, "ContentSequence", []):
        if review.ValueType != "CONTAINER" or code_value(review) != "REVIEW":
            continue
        for c in getattr(review, "ContentSequence", []):
            if c.ValueType == "CONTAINER" and code_value(c) == "REVIEW-COMMENT":
                yield {"text": text_of(c, "121106"), "pins": [s["points"] for s in scoords(c)]}


def main(path):
    ds = pydicom.dcmread(path)
    out = {
        "sopClassUid": str(ds.SOPClassUID),
        "specificCharacterSet": ds.SpecificCharacterSet,
        "patientName": str(ds.PatientName),
        "verificationFlag": str(ds.VerificationFlag),
        "verifyingObservers": verifying_observers(ds),
        "reviewComments": list(review_comments(ds)),
        "groups": [
            {
                "trackingIdentifier": text_of(g, "112039"),
                "id": text_of(g, "TRAJECTORY-ID") or text_of(g, "MEASUREMENT-ID") or text_of(g, "NO-GO-ID"),
                "scoords": list(scoords(g)),
            }
            for g in groups(ds)
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
