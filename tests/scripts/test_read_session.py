#!/usr/bin/python3
"""scripts/read_session.py against a session Holdfast wrote: the samples it loads are the
recording's, the results it prints are the stored ones, and its plot is a real picture.
Also checks h5dump reads the file. Usage: test_read_session.py HOLDFAST_BIN SOURCE_DIR"""
import os
import subprocess
import sys
import tempfile

import numpy as np

holdfast, source = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(source, "scripts"))
import read_session  # noqa: E402

csv = os.path.join(source, "data_samples/jumpmetrics_F02_CTRL2/group_cutoff_force_series.csv")
with tempfile.TemporaryDirectory() as tmp:
    session = os.path.join(tmp, "jump.h5")
    data = os.path.join(tmp, "data")  # only registered patients record: a registry of its own
    patient = subprocess.run([holdfast, "patients", "add", "--name", "Reader Test", "--dob",
                              "1990-01-01", "--data-dir", data], check=True, capture_output=True,
                             text=True).stdout.strip().splitlines()[-1]
    subprocess.run([holdfast, "import", csv, "--rate", "2000", "--out", session, "--patient",
                    patient, "--mass-kg", "73.7", "--data-dir", data], check=True,
                   capture_output=True)
    subprocess.run([holdfast, "analyze", session], check=True, capture_output=True)

    meta, trials, results = read_session.load(session)
    assert meta["patient_id"] == patient, meta
    assert abs(meta["body_mass_kg"] - 73.7) < 1e-9, meta
    expected = np.loadtxt(csv, delimiter=",", skiprows=1)[:, 1]
    force = trials[0]["force_n"][:, 0]
    assert force.shape == expected.shape, (force.shape, expected.shape)
    assert np.max(np.abs(force - expected)) <= 0.0005 + 1e-9, "force differs from the CSV"
    assert abs(trials[0]["time_s"][1] - trials[0]["time_s"][0] - 0.0005) < 1e-12
    assert results["trials"][0]["efforts"][0]["peak_force_n"] > 1813.6

    png = os.path.join(tmp, "plot.png")
    out = subprocess.run([sys.executable, os.path.join(source, "scripts/read_session.py"), session,
                          "--plot", png], check=True, capture_output=True, text=True).stdout
    assert "patient_id: " + patient in out, out
    assert "peak 1813.7 N" in out, out
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(png) > 10000, os.path.getsize(png)

    # Other tools read the same file: h5dump (hdf5-tools) lists the datasets and attributes.
    dump = subprocess.run(["h5dump", "-H", session], check=True, capture_output=True,
                          text=True).stdout
    for name in ('DATASET "time_s"', 'DATASET "force_n"', 'ATTRIBUTE "schema_version"',
                 'GROUP "analysis"'):
        assert name in dump, name

    # A file that is not a session: a clear message and exit 2.
    bad = subprocess.run([sys.executable, os.path.join(source, "scripts/read_session.py"), csv],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "cannot read" in bad.stderr, (bad.returncode, bad.stderr)
print("read_session.py: samples, results, plot and h5dump all as recorded")
