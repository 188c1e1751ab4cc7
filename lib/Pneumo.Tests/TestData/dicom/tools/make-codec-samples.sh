#!/usr/bin/env bash
# Makes the JPEG-process and 1-bit test files of this folder from native samples, with Debian's dcmtk (dcmcjpeg,
# dcmdjpeg, dcmdrle) and pydicom; then reference-hashes.py prints their MANIFEST rows (dcmtk's decode, cross-checked
# with GDCM and pydicom). Run from anywhere: tools/make-codec-samples.sh OUT_FOLDER (then copy what is kept).
# Needs: dcmtk, python3-pydicom, python3-numpy (and libgdcm-tools for the GDCM cross-check).
set -euo pipefail
out=${1:?usage: make-codec-samples.sh OUT_FOLDER}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pyd=/usr/lib/python3/dist-packages/pydicom/data/test_files
mkdir -p "$out/work"
w=$out/work
# native sources
cp "$here/pydicom__CT_small.dcm" "$w/ct16.dcm"                          # 128x128, 16-bit signed
cp "$here/pydicom-dicomdir__77654033_CR1_6154.dcm" "$w/cr12.dcm"        # 16x16, 12 bits stored, MONOCHROME1
dcmdjpeg "$here/generated__siim_like_cr_jpeg50.dcm" "$w/siim8.dcm"      # 1024x1024, 8-bit
dcmdrle "$here/pydicom__SC_rgb_rle.dcm" "$w/rgb.dcm"                    # 100x100 RGB
/usr/bin/python3 "$here/tools/make-native-12bit.py" "$w/ct16.dcm" "$w/ct12.dcm"   # CT_small clipped to 12 bits, unsigned
# JPEG Lossless, process 14 (.70 = selection value 1; .57 = any other selection value or a point transform)
dcmcjpeg +e1 "$w/ct16.dcm" "$out/generated__ct16_jpeg_lossless_sv1.dcm"
dcmcjpeg +el +sv 2 "$w/ct16.dcm" "$out/generated__ct16_jpeg_lossless_sv2.dcm"
dcmcjpeg +el +sv 4 "$w/ct16.dcm" "$out/generated__ct16_jpeg_lossless_sv4.dcm"
dcmcjpeg +el +sv 3 "$w/ct16.dcm" "$out/generated__ct16_jpeg_lossless_sv3.dcm"
dcmcjpeg +el +sv 5 "$w/ct16.dcm" "$out/generated__ct16_jpeg_lossless_sv5.dcm"
dcmcjpeg +el +sv 7 "$w/ct16.dcm" "$out/generated__ct16_jpeg_lossless_sv7.dcm"
dcmcjpeg +el +sv 6 "$w/ct12.dcm" "$out/generated__ct12_jpeg_lossless_sv6.dcm"
dcmcjpeg +el +sv 1 +pt 2 "$w/ct12.dcm" "$out/generated__ct12_jpeg_lossless_sv1_pt2.dcm"
dcmcjpeg +e1 "$w/cr12.dcm" "$out/generated__cr12_jpeg_lossless_sv1.dcm"
dcmcjpeg +e1 "$w/siim8.dcm" "$out/generated__siim_like_cr_jpeg_lossless_sv1.dcm"
dcmcjpeg +e1 "$w/rgb.dcm" "$out/generated__rgb_jpeg_lossless_sv1.dcm"
# JPEG Extended (process 2+4, 12-bit), progressive (process 10+12) and spectral selection
dcmcjpeg +ee "$w/ct12.dcm" "$out/generated__ct12_jpeg_extended.dcm"
dcmcjpeg +ep "$w/ct12.dcm" "$out/generated__ct12_jpeg_progressive.dcm"
dcmcjpeg +ee "$w/cr12.dcm" "$out/generated__cr12_jpeg_extended.dcm"
dcmcjpeg +ee "$w/siim8.dcm" "$out/generated__siim_like_cr_jpeg_extended8.dcm"
dcmcjpeg +ep "$w/siim8.dcm" "$out/generated__siim_like_cr_jpeg_progressive8.dcm"
dcmcjpeg +ep "$w/rgb.dcm" "$out/generated__rgb_jpeg_progressive.dcm"
# 12-bit colour (+bt forces 12 bits): YCbCr 4:2:2, 4:4:4 and progressive, and RGB without a colour transform
dcmcjpeg +ee +bt "$w/rgb.dcm" "$out/generated__rgb12_jpeg_extended_ybr422.dcm"
dcmcjpeg +ee +bt +s4 "$w/rgb.dcm" "$out/generated__rgb12_jpeg_extended_ybr444.dcm"
dcmcjpeg +ep +bt "$w/rgb.dcm" "$out/generated__rgb12_jpeg_progressive_ybr422.dcm"
dcmcjpeg +ee +bt +cr "$w/rgb.dcm" "$out/generated__rgb12_jpeg_extended_rgb.dcm"
# colour JPEG Baseline: YCbCr 4:2:2 (the default), 4:4:4, and RGB with no colour transform
dcmcjpeg +eb "$w/rgb.dcm" "$out/generated__rgb_jpeg_baseline_ybr422.dcm"
dcmcjpeg +eb +cr "$w/rgb.dcm" "$out/generated__rgb_jpeg_baseline_rgb.dcm"
# 1-bit: a multi-frame segmentation whose frames straddle byte boundaries
/usr/bin/python3 "$here/tools/make-1bit-seg.py" "$out/generated__seg_1bit_3frames.dcm"
rm -rf "$w"
