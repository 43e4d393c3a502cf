#!/usr/bin/python3
"""The snippets of docs/hdf5-schema.md ("Reading it without Holdfast") run as written on a
session Holdfast wrote: every Python block (h5py, pandas) in one namespace, then the R block
(hdf5r) with Rscript, and what they read is checked against the file. So the page's claim that
h5py, pandas and R read the files is tested, and the page cannot drift from the format.
Usage: test_schema_snippets.py HOLDFAST_BIN SOURCE_DIR"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

holdfast, source = sys.argv[1], sys.argv[2]
doc = open(os.path.join(source, "docs/hdf5-schema.md")).read()
reading = doc[doc.index("## Reading it without Holdfast"):]
python_blocks = re.findall(r"```python\n(.*?)```", reading, re.S)
r_blocks = re.findall(r"```r\n(.*?)```", reading, re.S)
assert len(python_blocks) >= 3, "the h5py, pandas and results snippets"
assert len(r_blocks) == 1, "the R snippet"

csv = os.path.join(source, "data_samples/jumpmetrics_F02_CTRL2/group_cutoff_force_series.csv")
with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(tmp, "data")
    env = dict(os.environ, HOLDFAST_DATA_DIR=data)
    patient = subprocess.run([holdfast, "patients", "add", "--name", "Snippet Test", "--dob",
                              "1990-01-01"], check=True, capture_output=True, text=True,
                             env=env).stdout.strip().splitlines()[-1]
    session = os.path.join(tmp, "session.h5")
    subprocess.run([holdfast, "import", csv, "--rate", "2000", "--out", session, "--patient",
                    patient, "--side", "left"], check=True, capture_output=True, env=env)
    subprocess.run([holdfast, "analyze", session], check=True, capture_output=True, env=env)
    with h5py.File(session, "r") as f:
        samples = f["trials/trial_001/time_s"].shape[0]
        channel = list(f["trials/trial_001"].attrs["channel_names"])[0]
        peak = float(f["analysis/efforts/peak_force_n"][0])
        efforts = f["analysis/efforts/peak_force_n"].shape[0]

    # Python: the snippets as written, run where session.h5 is.
    os.chdir(tmp)
    ns = {}
    for block in python_blocks:
        exec(compile(block, "docs/hdf5-schema.md", "exec"), ns)
    assert ns["force"].shape == (samples,), ns["force"].shape
    assert ns["names"] == [channel], ns["names"]
    assert abs(ns["t"][0]) < 1e-12
    assert ns["df"].shape == (samples, 2), ns["df"].shape  # time_s + one channel
    assert list(ns["df"].columns) == ["time_s", channel], list(ns["df"].columns)
    assert len(ns["results"]) == efforts, ns["results"]
    assert abs(ns["results"]["peak_force_n"][0] - peak) < 1e-9
    assert "onset" in ns["method"], ns["method"]
    print("python snippets: %d samples, %d effort(s), peak %.1f N" % (samples, efforts, peak))

    # R: the snippet as written, then checks printed for this script to compare.
    if shutil.which("Rscript") is None:
        sys.exit("Rscript not found: scripts/setup.sh installs r-base-core and r-cran-hdf5r")
    script = os.path.join(tmp, "read.R")
    with open(script, "w") as out:
        out.write(r_blocks[0])
        out.write('cat("samples", length(t), "\\n")\n'
                  'cat("force", dim(F), "\\n")\n'
                  'cat("channels", colnames(F), "\\n")\n'
                  'cat("patient", session$patient_id, "\\n")\n'
                  'cat("efforts", nrow(results), "\\n")\n'
                  'cat("peak", sprintf("%.6f", results$peak_force_n[1]), "\\n")\n')
    r = subprocess.run(["Rscript", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    said = dict(line.split(" ", 1) for line in r.stdout.strip().splitlines())
    assert said["samples"].strip() == str(samples), said
    assert said["force"].split() == [str(samples), "1"], said
    assert said["channels"].strip() == channel, said
    assert said["patient"].strip() == patient, said
    assert said["efforts"].strip() == str(efforts), said
    assert abs(float(said["peak"]) - peak) < 1e-6, said
    print("R snippet (hdf5r): %s samples, force %s, peak %s N" %
          (said["samples"].strip(), "x".join(said["force"].split()), said["peak"].strip()))
