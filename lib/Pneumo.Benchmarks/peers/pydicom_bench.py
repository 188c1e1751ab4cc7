"""Peer side of the DICOM benchmark: pydicom 2.3 (Debian) with the Pillow handler, single thread.

Usage: /usr/bin/python3 pydicom_bench.py header|decode|decode-gdcm FILE SECONDS
(decode-gdcm: the GDCM handler, pydicom's decoder for 12-bit JPEG, which Pillow cannot read; needs python3-gdcm)
Prints: <operations> <seconds>
"""
import sys
import time

import pydicom
import pydicom.config
from pydicom.pixel_data_handlers import numpy_handler, pillow_handler

# The handler most users run (if python3-gdcm is installed pydicom would silently prefer GDCM, which is slower).
pydicom.config.pixel_data_handlers = [numpy_handler, pillow_handler]


def header(path):
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    return ds.PatientAge


def decode(path):
    ds = pydicom.dcmread(path)
    return ds.pixel_array


def main():
    mode, path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if mode == "decode-gdcm":
        from pydicom.pixel_data_handlers import gdcm_handler
        if not gdcm_handler.is_available():
            sys.exit("the GDCM handler needs python3-gdcm: apt-get install python3-gdcm")
        pydicom.config.pixel_data_handlers = [gdcm_handler]
        # GDCM warns on stderr at every 12-bit decode ("DICOM header said it was 16 but JPEG header says it's: 12"):
        # thousands of lines would fill the pipe the benchmark reads after stdout, so they go to /dev/null
        import os
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    op = header if mode == "header" else decode
    for _ in range(5):  # warm up
        op(path)
    n = 0
    start = time.perf_counter()
    while True:
        op(path)
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    print(n, elapsed)


if __name__ == "__main__":
    main()
