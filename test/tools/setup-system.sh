#!/usr/bin/env bash
# Installs the system packages the tests need, when missing (Debian/Ubuntu).
# Chromium comes from Debian: no test tool may download its own browser.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
# A real PACS for the DICOMweb tests (started by the tests themselves, never as a service).
[ -x /usr/sbin/Orthanc ] || need+=(orthanc)
dpkg -s orthanc-dicomweb >/dev/null 2>&1 || need+=(orthanc-dicomweb)
# Independent DICOM references for the tests of what the app writes (issue 21): dcmtk (dcmdump, dsrdump),
# dicom3tools (dciodvfy), pydicom (read by /usr/bin/python3), gdcm (gdcmconv) and poppler (pdfinfo, pdftoppm:
# the report PDF read by an independent PDF reader); qpdf (the report PDF's structure) and fontTools (its
# embedded font subsets read by an independent font library).
for pkg in dcmtk dicom3tools python3-pydicom libgdcm-tools poppler-utils qpdf python3-fonttools; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done

if [ ${#need[@]} -eq 0 ]; then
  echo "setup: system packages present (chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), orthanc $(dpkg-query -W -f='${Version}' orthanc 2>/dev/null), dcmtk, dicom3tools, pydicom, gdcm, poppler, qpdf, fontTools)"
  exit 0
fi

echo "setup: installing ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "setup: not root and no password-less sudo. Run as root:  apt-get update && apt-get install -y ${need[*]}" >&2
  echo "setup: or point CHROMIUM_PATH at an existing Chromium/Chrome binary." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
echo "setup: done"
