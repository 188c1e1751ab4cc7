"""Prints a MANIFEST.tsv row per DICOM file given: the SHA-256 of its decoded stored values (little endian,
BitsAllocated bits per sample, 1-bit unpacked to one byte per pixel, colour interleaved; YCbCr JPEG as the RGB that
libjpeg's colour conversion gives) as dcmtk decodes it (dcmdjpeg / dcmdrle to native, read by pydicom), cross-checked
with GDCM (gdcmconv --raw) and, for 1-bit data, numpy's own unpacking.

usage: reference-hashes.py SOURCE_PACKAGE LICENSE FILE...
"""
import hashlib
import os
import subprocess
import sys
import tempfile

import numpy as np
import pydicom

LOSSLESS_OR_NATIVE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.5",
                      "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"}


def stored_bytes(native_path):
    ds = pydicom.dcmread(native_path)
    if ds.BitsAllocated == 1:
        n = ds.Rows * ds.Columns * int(getattr(ds, "NumberOfFrames", 1))
        return np.unpackbits(np.frombuffer(ds.PixelData, np.uint8), bitorder="little")[:n].astype(np.uint8).tobytes()
    a = ds.pixel_array
    dtype = {8: "u1", 16: "<u2", 32: "<u4"}[ds.BitsAllocated]
    return a.astype(a.dtype.newbyteorder("<")).view(dtype).tobytes() if a.dtype.itemsize > 1 else a.tobytes()


def via(tool, path):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "native.dcm")
        ts = str(pydicom.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID)
        if tool == "dcmtk":
            cmd = ["dcmdrle", path, out] if ts == "1.2.840.10008.1.2.5" else ["dcmdjpeg", path, out] if ts.startswith("1.2.840.10008.1.2.4") else ["dcmconv", "+te", path, out]
        else:
            cmd = ["gdcmconv", "--raw", path, out]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0 or not os.path.exists(out):
            return None
        try:
            return hashlib.sha256(stored_bytes(out)).hexdigest()
        except Exception:  # noqa: BLE001 - a decoder that cannot give pixels simply has no vote
            return None


def main():
    package, licence, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    for path in files:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        ts = ds.file_meta.TransferSyntaxUID
        frames = int(getattr(ds, "NumberOfFrames", 1))
        votes = {tool: via(tool, path) for tool in ("dcmtk", "gdcm")}
        if ds.BitsAllocated == 1:
            votes["numpy"] = hashlib.sha256(stored_bytes(path)).hexdigest()
        ref = votes["dcmtk"] or votes.get("numpy")
        names = [t for t, h in votes.items() if h is not None]
        agree = [t for t in names if votes[t] == ref]
        if ref is None:
            verdict = "no-reference"
        elif len(agree) == len(names) and len(names) > 1:
            verdict = ("dcmtk" if votes["dcmtk"] else "numpy") + "; all-equal(" + ",".join(names) + ")"
        else:
            verdict = ("dcmtk" if votes["dcmtk"] else "numpy") + "; DIFFER: " + ",".join(agree) + " | " + ",".join(t for t in names if t not in agree)
        spp = int(getattr(ds, "SamplesPerPixel", 1))
        nbytes = ds.Rows * ds.Columns * frames * spp * max(1, ds.BitsAllocated // 8)
        print("\t".join([os.path.basename(path), package, licence, f"{ts} {ts.name.replace(' ', '')}", str(getattr(ds, "Modality", "")),
                         f"{ds.Rows}x{ds.Columns}", f"{ds.BitsAllocated}/{ds.BitsStored}", str(ds.PhotometricInterpretation), str(spp),
                         str(frames) if frames > 1 else "-", ref or "-", str(nbytes) if ref else "-", verdict]))


if __name__ == "__main__":
    main()
