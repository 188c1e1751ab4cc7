#!/usr/bin/env bash
# Makes the raw JPEG streams of TestData/jpeg with libjpeg-turbo's cjpeg (Debian libjpeg-turbo-progs): restart markers
# in sequential and progressive scans, 4:2:0 / 4:2:2 / 4:4:4 colour at odd sizes, a component too narrow for libjpeg's
# fancy upsampling. The test decodes each with our DCT decoder and with libjpeg-turbo and wants the same samples.
# Needs cjpeg (libjpeg-turbo-progs), dcmtk's img2dcm, python3-pydicom, python3-numpy.
# Sources: a crop of the SIIM-like CR here (grayscale) and a synthetic colour image (gradients and seeded noise).
# Run from anywhere: tools/make-jpeg-samples.sh OUT_FOLDER
set -euo pipefail
out=${1:?usage: make-jpeg-samples.sh OUT_FOLDER}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$out/work"
w=$out/work
/usr/bin/python3 - "$here/generated__siim_like_cr_jpeg50.dcm" "$w" <<'PY'
import sys, numpy as np, pydicom
src, w = sys.argv[1], sys.argv[2]
film = pydicom.dcmread(src).pixel_array
crop = film[300:551, 200:533]                        # 333 x 251, odd both ways
open(f"{w}/gray.pgm", "wb").write(b"P5 333 251 255\n" + crop.astype(np.uint8).tobytes())
rng = np.random.default_rng(15)
def colour(width, height):
    y, x = np.mgrid[0:height, 0:width]
    r = 128 + 100 * np.sin(x / 9.0) + rng.normal(0, 12, (height, width))
    g = 255 * y / max(height - 1, 1) + rng.normal(0, 12, (height, width))
    b = 128 + 90 * np.cos((x + y) / 6.0) + rng.normal(0, 12, (height, width))
    return np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8)
open(f"{w}/colour.ppm", "wb").write(b"P6 123 77 255\n" + colour(123, 77).tobytes())
open(f"{w}/narrow.ppm", "wb").write(b"P6 4 9 255\n" + colour(4, 9).tobytes())
PY
cjpeg -grayscale -quality 90 -restart 2B "$w/gray.pgm" > "$out/gray_restart2blocks.jpg"
cjpeg -grayscale -quality 75 -progressive -restart 1 "$w/gray.pgm" > "$out/gray_progressive_restart1row.jpg"
cjpeg -quality 85 -sample 2x2 -restart 3B "$w/colour.ppm" > "$out/colour420_restart3.jpg"
cjpeg -quality 80 -sample 2x2 -progressive "$w/colour.ppm" > "$out/colour420_progressive.jpg"
cjpeg -quality 90 -sample 2x1 -progressive -restart 1 "$w/colour.ppm" > "$out/colour422_progressive_restart1row.jpg"
cjpeg -quality 95 -sample 1x1 -optimize "$w/colour.ppm" > "$out/colour444_optimized.jpg"
cjpeg -quality 85 -sample 2x2 "$w/narrow.ppm" > "$out/colour420_narrow.jpg"
# 4:4:0 (chroma halved vertically only): libjpeg-turbo 2.x upsamples it with a triangle filter, libjpeg 6b (dcmtk, GDCM)
# by replication, so this one is a DICOM file checked against dcmtk (copy it to TestData/dicom)
cjpeg -quality 85 -sample 1x2 "$w/colour.ppm" > "$w/colour440.jpg"
img2dcm "$w/colour440.jpg" "$out/generated__rgb_jpeg_baseline_h1v2.dcm"
rm -rf "$w"
