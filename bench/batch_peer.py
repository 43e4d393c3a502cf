#!/usr/bin/env python3
"""The h5py + numpy peer of `holdfast batch`: what a researcher writes in an afternoon to
re-analyse a folder of Holdfast session files. It opens each *.h5 under DIR, reads every trial's
time and force channels, computes the maximal-effort metric set of bench/analysis_numpy.py
(baseline, onset, peak, force at and RFD over 50-250 ms, impulse, peak RFD, mean, best 1 s
window) for each channel, and writes one row per effort to a CSV file.

    /usr/bin/python3 bench/batch_peer.py DIR OUT.csv

Prints JSON: files, efforts, wall seconds and files per second. The interpreter's start-up and
the imports are counted, as they are in a `holdfast batch` run.
"""
import csv
import json
import os
import sys
import time

START = time.perf_counter()

import h5py  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from analysis_numpy import FORCE_AT, RFD_WINDOWS, analyse  # noqa: E402


def session_files(root):
    found = []
    for here, _, names in os.walk(root):
        found += [os.path.join(here, n) for n in names if n.endswith(".h5")]
    return sorted(found)


def main():
    root, out = sys.argv[1], sys.argv[2]
    files = session_files(root)
    efforts = 0
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "patient_id", "test", "trial", "channel", "effort", "peak_force_n",
                    "net_peak_force_n", "time_to_peak_s"]
                   + [f"force_at_{int(x * 1000)}ms_n" for x in FORCE_AT]
                   + [f"rfd_0_{int(x * 1000)}ms_n_s" for x in RFD_WINDOWS]
                   + [f"impulse_0_{int(x * 1000)}ms_n_s" for x in RFD_WINDOWS]
                   + ["peak_rfd_n_s", "impulse_n_s", "mean_force_n", "best_1s_mean_n"])
        for path in files:
            with h5py.File(path, "r") as h:
                s = h["session"].attrs
                mass = float(s.get("body_mass_kg", 80.0))
                patient, test = s["patient_id"], s["test"]
                for name, trial in h["trials"].items():
                    t = trial["time_s"][()]
                    force = trial["force_n"][()]
                    channels = trial.attrs["channel_names"]
                    for c in range(force.shape[1]):
                        for k, r in enumerate(analyse(t, np.ascontiguousarray(force[:, c]), mass)):
                            efforts += 1
                            w.writerow([os.path.relpath(path, root), patient, test, name, channels[c], k + 1,
                                        r["peak"], r["net"], r["ttp"], *r["force_at"], *r["rfd"],
                                        *r["impulse"], r.get("peak_rfd", ""), r["impulse_effort"], r["mean"],
                                        r.get("best_window", "")])
    seconds = time.perf_counter() - START
    print(json.dumps({"files": len(files), "efforts": efforts, "seconds": seconds,
                      "files_per_s": len(files) / seconds, "numpy": np.__version__, "h5py": h5py.__version__}))


if __name__ == "__main__":
    main()
