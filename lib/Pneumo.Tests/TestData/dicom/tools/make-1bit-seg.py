"""A synthetic multi-frame 1-bit DICOM segmentation: 3 frames of 5x7 (35 bits, so frames straddle byte boundaries),
packed the DICOM way (PS3.5 8.1.1: first pixel in the least significant bit, frames back to back)."""
import sys
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

rows, cols, frames = 5, 7, 3
rng = np.random.default_rng(3)
masks = (rng.random((frames, rows, cols)) < 0.4).astype(np.uint8)
bits = masks.reshape(-1)
packed = np.packbits(np.concatenate([bits, np.zeros((-len(bits)) % 16, np.uint8)]), bitorder="little").tobytes()
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.66.4"
meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=["pneumo-seg-1bit"])
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = Dataset()
ds.file_meta = meta
ds.SOPClassUID = meta.MediaStorageSOPClassUID
ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
ds.Modality = "SEG"
ds.PatientName = "Synthetic^Seg"
ds.PatientID = "SYNTH-SEG"
ds.Rows, ds.Columns, ds.NumberOfFrames = rows, cols, frames
ds.SamplesPerPixel = 1
ds.PhotometricInterpretation = "MONOCHROME2"
ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 1, 1, 0, 0
ds.SegmentationType = "BINARY"
ds.PixelData = packed
ds["PixelData"].VR = "OB"
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.save_as(sys.argv[1], write_like_original=False)
