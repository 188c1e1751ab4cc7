"""CT_small (16-bit signed) as a native 12-bit unsigned image: values + 1024 clipped to 0..4095, BitsStored 12."""
import sys
import numpy as np
import pydicom

ds = pydicom.dcmread(sys.argv[1])
a = np.clip(ds.pixel_array.astype(np.int32) + 1024, 0, 4095).astype(np.uint16)
ds.PixelRepresentation = 0
ds.BitsStored = 12
ds.HighBit = 11
ds.RescaleIntercept = -1024
ds.PixelData = a.tobytes()
ds.save_as(sys.argv[2], write_like_original=False)
