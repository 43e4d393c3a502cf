#!/usr/bin/python3
"""Load a Holdfast session file with nothing but h5py, numpy and matplotlib (Debian's
python3-h5py, python3-numpy, python3-matplotlib): print its metadata, trials and stored
results, and plot every trial's force.

    scripts/read_session.py SESSION.h5 [--plot OUT.png] [--trial N]

The layout is documented in docs/hdf5-schema.md; this script is also the reference reader the
tests run, so it keeps working as the schema evolves.
"""
import argparse
import json
import sys

import h5py
import numpy as np

SCHEMA_VERSION = 1


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def load(path):
    """The session as plain Python: metadata dict, list of trials (dicts of numpy arrays)."""
    f = h5py.File(path, "r")
    version = int(f.attrs.get("schema_version", -1))
    if version != SCHEMA_VERSION:
        raise ValueError(f"{path}: schema version {version}, this reader knows {SCHEMA_VERSION}")
    session = {k: (text(v) if isinstance(v, (bytes, str)) else v.item() if hasattr(v, "item") else v)
               for k, v in f["session"].attrs.items()}
    session["created_utc"] = text(f.attrs["created_utc"])
    session["software_version"] = text(f.attrs["software_version"])
    trials = []
    for name in sorted(f["trials"]):
        g = f["trials"][name]
        trial = {k: (list(map(text, v)) if isinstance(v, np.ndarray) and v.dtype.kind in "OS"
                     else text(v) if isinstance(v, (bytes, str)) else v)
                 for k, v in g.attrs.items()}
        trial["name"] = name
        trial["time_s"] = g["time_s"][:]
        trial["force_n"] = g["force_n"][:]
        for optional in ("raw", "device_time_s", "host_time_s", "cop_mm"):
            if optional in g:
                trial[optional] = g[optional][:]
        trial["events"] = [(int(e["sample_index"]), text(e["kind"]), int(e["value"]))
                           for e in g["events"][:]] if "events" in g else []
        trial["acquisition"] = {k: int(v) for k, v in g["acquisition"].attrs.items()} \
            if "acquisition" in g else {}
        trials.append(trial)
    results = json.loads(text(f["analysis"].attrs["results_json"])) if "analysis" in f else None
    f.close()
    return session, trials, results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("session")
    parser.add_argument("--plot", metavar="OUT.png", help="save a plot of the force traces")
    parser.add_argument("--trial", type=int, help="only this trial (1, 2, ...)")
    args = parser.parse_args()
    try:
        session, trials, results = load(args.session)
    except (OSError, KeyError, ValueError) as e:
        print(f"read_session.py: cannot read {args.session}: {e}", file=sys.stderr)
        return 2
    if args.trial is not None:
        trials = [t for t in trials if int(t.get("trial", 0)) == args.trial]
        if not trials:
            print(f"read_session.py: no trial {args.trial}", file=sys.stderr)
            return 2

    print(f"session {args.session}")
    for key in ("patient_id", "test", "involved", "sex", "age_years", "age_band", "body_mass_kg",
                "operator", "created_utc", "software_version"):
        if key in session and session[key] not in ("", None):
            print(f"  {key}: {session[key]}")
    for t in trials:
        n = len(t["time_s"])
        span = t["time_s"][-1] - t["time_s"][0] if n > 1 else 0.0
        names = t.get("channel_names", [])
        peaks = ", ".join(f"{name} peak {t['force_n'][:, c].max():.1f} N"
                          for c, name in enumerate(names))
        print(f"  {t['name']}: side {t.get('side', '')}, {n} samples over {span:.3f} s "
              f"({t.get('measured_rate_hz', 0):.1f} Hz), stop {t.get('stop_reason', '')}; {peaks}")
        print(f"    gaps {t['acquisition'].get('gaps', 0)}, events {len(t['events'])}"
              + (f", recovered: {t['recovered']}" if "recovered" in t else ""))
    if results:
        for entry in results.get("trials", []):
            for effort in entry.get("efforts", []):
                print(f"  result: trial {entry.get('trial')} {entry.get('side')}: "
                      f"peak {effort['peak_force_n']:.1f} N at onset {effort['onset_s']:.3f} s")

    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(len(trials), 1, figsize=(10, 3.2 * len(trials)), squeeze=False)
        for ax, t in zip(axes[:, 0], trials):
            time = t["time_s"] - t["time_s"][0]
            for c, name in enumerate(t.get("channel_names", [])):
                ax.plot(time, t["force_n"][:, c], linewidth=0.8, label=name)
            ax.set_title(f"{session.get('patient_id', '')} {t['name']} ({t.get('side', '')})")
            ax.set_xlabel("time (s)")
            ax.set_ylabel("force (N)")
            ax.grid(alpha=0.3)
            ax.legend(loc="upper right")
        fig.tight_layout()
        fig.savefig(args.plot, dpi=100)
        print(f"plot saved to {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
