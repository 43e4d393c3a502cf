#!/usr/bin/env python3
"""Reference vectors for tests/analysis/ButterworthFilterTest.cpp, made once with Debian's
python3-scipy (scipy.signal.butter + filtfilt) and committed beside this script.

    /usr/bin/python3 tests/data/make_butterworth_reference.py

Writes butterworth_reference.csv: t, x, then one column per (order, cutoff) design, and
butterworth_coefficients.csv: order, cutoff_hz, fs_hz, then b and a.
"""
import pathlib

import numpy as np
from scipy import signal

FS = 1000.0
DESIGNS = [(4, 10.0), (4, 100.0), (2, 50.0), (6, 30.0)]

here = pathlib.Path(__file__).resolve().parent
rng = np.random.RandomState(20261124)
t = np.arange(0, 3.0, 1.0 / FS)
# An isometric effort: rest, exponential rise at 1 s, sensor noise and 50 Hz hum.
x = 15.0 + np.where(t > 1.0, 300.0 * (1 - np.exp(-(t - 1.0) / 0.12)), 0.0)
x += rng.normal(0.0, 2.0, t.size) + 0.8 * np.sin(2 * np.pi * 50.0 * t)

columns = [t, x]
header = ["t", "x"]
with open(here / "butterworth_coefficients.csv", "w") as f:
    f.write("order,cutoff_hz,fs_hz,b...,a...\n")
    for order, cutoff in DESIGNS:
        b, a = signal.butter(order, cutoff, fs=FS)
        columns.append(signal.filtfilt(b, a, x))
        header.append(f"y_{order}_{int(cutoff)}")
        f.write(",".join(repr(float(v)) for v in [order, cutoff, FS, *b, *a]) + "\n")
np.savetxt(here / "butterworth_reference.csv", np.column_stack(columns), delimiter=",",
           header=",".join(header), comments="", fmt="%.17g")
