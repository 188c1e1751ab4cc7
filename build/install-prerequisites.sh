#!/usr/bin/env bash
# Installs the Debian packages the tests compare against (dcmtk's dcmdump, pydicom + Pillow + NumPy for Debian's
# python3; pandas and scikit-learn, the peers of the summary tables and metrics; PyTorch and torchvision, which write the weights
# files the loader is checked against; libturbojpeg0, the system libjpeg-turbo the JPEG decoder prefers, compared with SkiaSharp's copy) when they
# are missing. Needs root or passwordless sudo; otherwise prints the command to run.
set -euo pipefail
packages=(dcmtk python3-pydicom python3-pil python3-numpy chromium jupyter-client python3-nbclient jupyter-nbconvert jupyter-notebook python3-selenium chromium-driver python3-pandas python3-sklearn python3-torch python3-torchvision python3-yaml libturbojpeg0)
missing=()
command -v dcmdump >/dev/null 2>&1 || missing+=(dcmtk)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/*/libturbojpeg.so.0" >/dev/null || compgen -G "/usr/lib/libturbojpeg.so.0" >/dev/null || missing+=(libturbojpeg0)
if [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 -c "import pydicom" >/dev/null 2>&1 || missing+=(python3-pydicom)
  /usr/bin/python3 -c "import PIL" >/dev/null 2>&1 || missing+=(python3-pil)
  /usr/bin/python3 -c "import numpy" >/dev/null 2>&1 || missing+=(python3-numpy)
  /usr/bin/python3 -c "import jupyter_client, nbclient" >/dev/null 2>&1 || missing+=(jupyter-client python3-nbclient)
  command -v jupyter-nbconvert >/dev/null 2>&1 || missing+=(jupyter-nbconvert)
  command -v jupyter-notebook >/dev/null 2>&1 || missing+=(jupyter-notebook)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  /usr/bin/python3 -c "import selenium" >/dev/null 2>&1 || missing+=(python3-selenium)
  /usr/bin/python3 -c "import pandas" >/dev/null 2>&1 || missing+=(python3-pandas)
  /usr/bin/python3 -c "import sklearn" >/dev/null 2>&1 || missing+=(python3-sklearn)
  /usr/bin/python3 -c "import torch, torchvision" >/dev/null 2>&1 || missing+=(python3-torch python3-torchvision)
  /usr/bin/python3 -c "import yaml" >/dev/null 2>&1 || missing+=(python3-yaml)
else
  missing+=("${packages[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "pneumo: the interop tests need dcmtk (dcmdump) and Python with pydicom, Pillow and NumPy at /usr/bin/python3; install them with your package manager" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "pneumo: missing test prerequisites; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 0
  fi
fi
echo "pneumo: installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
