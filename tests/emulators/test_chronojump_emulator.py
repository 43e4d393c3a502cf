#!/usr/bin/env python3
"""Acceptance test: `holdfast acquire --protocol chronojump` records a Chronojump emulator
(chronojump_firmware.py, pyserial) through a socat pseudo-terminal pair: every valid sample in
order, garbage lines skipped and counted, trigger edges stored as events.

Usage: test_chronojump_emulator.py PATH/TO/holdfast
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py  # Debian: python3-h5py


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    holdfast = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    work = tempfile.mkdtemp(prefix="holdfast-cj-emulator-")
    station, device = os.path.join(work, "station"), os.path.join(work, "device")
    socat = subprocess.Popen(
        ["socat", "pty,raw,echo=0,link=" + station, "pty,raw,echo=0,link=" + device],
        stderr=subprocess.DEVNULL)
    emulator = None
    try:
        for _ in range(200):
            if os.path.exists(station) and os.path.exists(device):
                break
            time.sleep(0.02)
        else:
            fail("socat did not create the pty pair")
        log, summary_path = os.path.join(work, "sent.log"), os.path.join(work, "summary.json")
        emulator = subprocess.Popen(
            [sys.executable, os.path.join(here, "chronojump_firmware.py"), "--port", device,
             "--rate", "1000", "--garbage-every", "97", "--trigger-every", "701",
             "--log", log, "--summary", summary_path])
        time.sleep(0.3)
        session = os.path.join(work, "cj.h5")
        acq = subprocess.run(
            [holdfast, "acquire", "--port", station, "--protocol", "chronojump", "--duration", "4",
             "--out", session, "--reconnect-timeout", "0"],
            capture_output=True, text=True, timeout=60)
        print(acq.stdout.strip())
        if acq.returncode != 0:
            fail("acquire exited %d: %s" % (acq.returncode, acq.stderr))
        time.sleep(0.2)
        emulator.send_signal(signal.SIGTERM)
        emulator.wait(timeout=10)
        summary = json.load(open(summary_path))
        if "start_capture" not in summary["commands"] or "end_capture" not in summary["commands"]:
            fail("the station did not start and end the capture: %s" % summary["commands"])

        sent = [line.strip().split(";") for line in open(log)]
        with h5py.File(session, "r") as f:
            g = f["trials/trial_001"]
            raw = g["raw"][:, 0]
            device_time = g["device_time_s"][:]
            counters = dict(g["acquisition"].attrs)
            events = [(e["kind"].decode(), int(e["sample_index"])) for e in g["events"][:]]
        if len(raw) != len(sent):
            fail("%d samples recorded, %d sent" % (len(raw), len(sent)))
        for i, (us, force) in enumerate(sent):
            if abs(raw[i] - float(force)) > 1e-9 or abs(device_time[i] * 1e6 - int(us)) > 0.5:
                fail("sample %d: recorded %r at %r s, sent %s;%s" % (i, raw[i], device_time[i],
                                                                     us, force))
        if counters["malformed_lines"] != summary["garbage_lines"]:
            fail("%d garbage lines sent, %d counted" % (summary["garbage_lines"],
                                                        counters["malformed_lines"]))
        triggers = sum(1 for kind, _ in events if kind == "trigger")
        if triggers != summary["triggers"] or counters["triggers"] != summary["triggers"]:
            fail("%d triggers sent, %d stored" % (summary["triggers"], triggers))
        print("PASS: %d samples sent and recorded in order, %d garbage lines counted, "
              "%d triggers stored" % (len(sent), summary["garbage_lines"], triggers))
        return 0
    finally:
        if emulator and emulator.poll() is None:
            emulator.kill()
        socat.terminate()
        socat.wait(timeout=5)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
