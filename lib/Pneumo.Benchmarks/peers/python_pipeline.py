"""Peer of the data stage: the Python pipeline people write for SIIM-ACR (pydicom + pandas + Pillow + numpy,
multiprocessing.Pool over the cores), stage by stage, as the benchmark times them.

  python_pipeline.py scan ROOT OUT.csv              header-only reads (stop_before_pixels) of every DICOM
  python_pipeline.py clean ROOT OUT.csv             the scan, then the label table merged, duplicates and bad ages dropped
  python_pipeline.py preprocess ROOT CLEAN.csv SIZE OUTDIR
                                                    decode, Pillow BOX resize to SIZE, masks for the positives
                                                    (the Kaggle rle2mask, union of regions, BOX resize, >= 0.5),
                                                    written by the workers into uint8 memmaps (images.u8, masks.u8)
Prints the library versions on stderr. Run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset.
"""
import glob
import warnings
import multiprocessing
import os
import sys

import numpy as np
import pandas as pd
import PIL
import pydicom
import pydicom.config
from PIL import Image
from pydicom.pixel_data_handlers import numpy_handler, pillow_handler

pydicom.config.pixel_data_handlers = [numpy_handler, pillow_handler]
warnings.simplefilter("ignore")
WORKERS = os.cpu_count() or 2


def files(root):
    return sorted(glob.glob(os.path.join(root, "dicom-images-train", "**", "*.dcm"), recursive=True))


def header(path):
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        return {"ImageId": str(ds.SOPInstanceUID), "Path": path, "PatientAge": str(getattr(ds, "PatientAge", "")),
                "PatientSex": str(getattr(ds, "PatientSex", "")), "ViewPosition": str(getattr(ds, "ViewPosition", "")),
                "Rows": int(ds.Rows), "Columns": int(ds.Columns)}
    except Exception as ex:  # noqa: BLE001 - a file that does not read is reported, not fatal
        return {"ImageId": "", "Path": path, "Error": str(ex)}


def scan(root):
    with multiprocessing.Pool(WORKERS) as pool:
        return pd.DataFrame(pool.map(header, files(root), chunksize=64))


def clean(root):
    meta = scan(root)
    meta = meta[meta["ImageId"] != ""]
    rle = pd.read_csv(os.path.join(root, "train-rle.csv"))
    rle.columns = [c.strip() for c in rle.columns]
    rle["EncodedPixels"] = rle["EncodedPixels"].astype(str).str.strip()
    grouped = rle.groupby("ImageId")["EncodedPixels"].apply(lambda s: " | ".join(v for v in s if v != "-1")).reset_index()
    df = meta.merge(grouped, on="ImageId", how="inner")
    df = df.sort_values("Path").drop_duplicates("ImageId", keep="first")
    df["Age"] = pd.to_numeric(df["PatientAge"].str.extract(r"(\d+)")[0], errors="coerce")
    df = df[df["Age"].between(0, 120)]
    df["Label"] = (df["EncodedPixels"] != "").astype(int)
    return df


def rle2mask(rle, width, height):
    mask = np.zeros(width * height, dtype=np.uint8)
    array = np.asarray([int(x) for x in rle.split()])
    current = 0
    for start, length in zip(array[0::2], array[1::2]):
        current += start
        mask[current:current + length] = 255
        current += length
    return mask.reshape(width, height).T


def work(args):
    slot, path, rles, size, out = args
    try:
        pixels = pydicom.dcmread(path).pixel_array
    except Exception:  # noqa: BLE001 - a broken file is skipped (and counted), as the pipeline's users do
        return -1
    images = np.memmap(os.path.join(out, "images.u8"), dtype=np.uint8, mode="r+")
    masks = np.memmap(os.path.join(out, "masks.u8"), dtype=np.uint8, mode="r+")
    n = size * size
    images[slot * n:(slot + 1) * n] = np.asarray(Image.fromarray(pixels).resize((size, size), Image.BOX)).ravel()
    if rles:
        mask = np.zeros(pixels.shape, dtype=np.uint8)
        for rle in rles.split(" | "):
            mask = np.maximum(mask, rle2mask(rle, pixels.shape[1], pixels.shape[0]))
        small = np.asarray(Image.fromarray(mask).resize((size, size), Image.BOX))
        masks[slot * n:(slot + 1) * n] = (small >= 128).astype(np.uint8).ravel()
    return slot


def preprocess(root, clean_csv, size, out):
    df = pd.read_csv(clean_csv, keep_default_na=False)
    os.makedirs(out, exist_ok=True)
    n = size * size * len(df)
    for name in ("images.u8", "masks.u8"):
        np.memmap(os.path.join(out, name), dtype=np.uint8, mode="w+", shape=(max(n, 1),)).flush()
    jobs = [(i, row.Path, row.EncodedPixels, size, out) for i, row in enumerate(df.itertuples())]
    with multiprocessing.Pool(WORKERS) as pool:
        failed = sum(1 for slot in pool.imap_unordered(work, jobs, chunksize=16) if slot < 0)
    print(f"{len(jobs) - failed} images cached, {failed} failed", file=sys.stderr)


def main():
    print(f"numpy {np.__version__}, pandas {pd.__version__}, pydicom {pydicom.__version__}, Pillow {PIL.__version__}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}, "
          f"{WORKERS} workers", file=sys.stderr)
    mode = sys.argv[1]
    if mode == "scan":
        scan(sys.argv[2]).to_csv(sys.argv[3], index=False)
    elif mode == "clean":
        clean(sys.argv[2]).to_csv(sys.argv[3], index=False)
    elif mode == "preprocess":
        preprocess(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
