#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>
#include "Commands.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/recording/RecordingImport.h"
#include "holdfast/wire/BleServices.h"
#include "holdfast/wire/TextFields.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& importSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s(
        "import", "Turn a recording made elsewhere into a trial of a session file.",
        "holdfast import FILE [--format F] --out FILE.h5 [--rate HZ] "
        "[--columns ROLE=COL,...] [--units Q=U,...] [--vertical x|y|z] [--ap-axis x|y|z] "
        "[--plate-origin-m DX,DY,DZ] [--plate-outline WxL] [--test T] [--side S] [--condition C] "
        "[--surface S] [--involved S] [--mass-kg M] [--protocol P] [--uart-text P]");
    s.positionals("FILE",
                  "the recording (CSV/TSV, Chronojump export, BioWare text, OpenScale log, C3D, "
                  "Bluetooth notification log)",
                  1, 1)
        .option("format", "F",
                "auto (default: recognised from the first lines), csv (comma, semicolon or tab), "
                "chronojump (its export: Time (micros);Force(N), decimal comma), bioware (Kistler "
                "BioWare text export, Fz per plate), openscale (a log of the board's serial "
                "output), c3d (a motion-capture lab's file: its force plates, or its analog "
                "force channels; recognised by its name or first bytes), ble-log (a Bluetooth "
                "notification log: SECONDS UUID HEXBYTES per line, decoded as the live device is)")
        .option("protocol", "P",
                "ble-log: the Bluetooth device, tindeq-progressor or ble-uart (a text protocol "
                "over the Nordic UART Service); default: the one whose data characteristic the "
                "log holds")
        .option("uart-text", "P",
                "ble-log with ble-uart: the text protocol carried, csv (default), chronojump, "
                "openscale or mark10; csv bare values need --rate")
        .option("out", "FILE.h5",
                "session file; an existing one gets the trial appended (default: "
                "DATA/sessions/PATIENT/DATE_TEST.h5 with --patient)")
        .option("rate", "HZ",
                "sample rate, for an index column (frame, sample...) or no time column")
        .option("columns", "MAP",
                "which column plays which role, ROLE=COL with COL a header name or a 1-based "
                "position: force, left, right (vertical force), cop_x, cop_y, fx fy fz mx my mz, "
                "and left_/right_ of each (two plates), time")
        .option("units", "Q=U,...",
                "units where the header does not say them: time=s|ms|us, force=N|kN|lbf|kgf, "
                "moment=Nm|Nmm, cop=m|cm|mm|in. A unit in the header (Fz[N], Force (kN), "
                "force_lbf, time_ms) is always used; one that --units contradicts is an error. "
                "Without either: s, N, N m and mm, said as assumed")
        .option("vertical", "AXIS",
                "plate exports: the vertical axis, x, y or z (default z; some lab exports have "
                "y up)")
        .option("ap-axis", "AXIS",
                "plate exports: the file's antero-posterior axis, a horizontal one (the other is "
                "medio-lateral). Known exports set it (BDS, PDS, Holdfast's own); without it AP "
                "and ML are assumed, and the trial, page and PDF say so")
        .option("plate-origin-m", "DX,DY,DZ",
                "plate exports with moments: the plate's true origin from its surface centre in "
                "metres, DZ below the surface (from its calibration sheet; default 0,0,0)")
        .option("plate-outline", "WxL",
                "plate exports: each plate's surface in mm, W medio-lateral by L "
                "antero-posterior (its data sheet: 464x508 for an AMTI OR6-7). A COP under load "
                "outside it is flagged cop_outside_plate; without it the outline is not checked")
        .option("side", "S",
                "limb of a single force column: left, right or both (default: both for left/right "
                "columns, else unspecified)");
    addSessionOptions(s);
    addTrialOptions(s);
    s.note(
        "A column named time, time_s or t gives timestamps in seconds; one named frame,\n"
        "frame_number, sample or index is a sample index used with --rate. Columns whose names\n"
        "start with left or right map to those sides; otherwise the single remaining numeric\n"
        "column is the force. Unreadable rows are skipped and reported with their line numbers.\n"
        "Text without a header (a first row of numbers, apart by commas, tabs or spaces) needs\n"
        "--rate; its columns are known by position: --columns force=1, or left=1,right=2.\n"
        "Force-plate exports (headers such as Fz[N], Mx[Nm], COPx[cm], or a mapping with cop_x,\n"
        "fz, left_fz ...) keep each plate's centre of pressure: as given, or from the six\n"
        "components (COPx = -My/Fz, COPy = Mx/Fz about the plate's origin). A unit after a\n"
        "name, Time[s] or COP_X (m), is read as that column's unit.\n"
        "BioWare: plate N's Fz becomes channel FzN; two plates are left=Fz1, right=Fz2 unless\n"
        "--columns says otherwise. OpenScale: kg or lbs become newtons; without a millis\n"
        "column give --rate. C3D: each force plate's vertical force and centre of pressure (types\n"
        "1-4; units from ANALOG:UNITS and POINT:UNITS); one plate is the force, two are left and\n"
        "right in their order unless --columns left=N,right=M names the plates (docs/c3d.md).\n"
        "Bluetooth notification logs (--format ble-log): the data characteristic's notifications\n"
        "go through the live device's decoder; the Progressor's kilograms become newtons\n"
        "(g = 9.80665) on its own microsecond clock, and its firmware and battery replies are\n"
        "kept when the log has the commands that asked for them (docs/bluetooth.md).\n"
        "Only the file's name (not its folder) is stored as the source.");
    return s;
  }();
  return spec;
}

namespace {

std::vector<std::pair<std::string, std::string>> parsePairs(const std::string& option,
                                                            const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      throw UsageError("option --" + option + " expects NAME=VALUE,NAME=VALUE..., got '" + text +
                       "'");
    }
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

/// --plate-outline WxL: a plate's surface, each side 50-3000 mm.
analysis::PlateOutline plateOutline(const std::string& text) {
  const auto by = text.find('x');
  const auto w = by == std::string::npos ? std::nullopt : wire::parseNumber(text.substr(0, by));
  const auto l = by == std::string::npos ? std::nullopt : wire::parseNumber(text.substr(by + 1));
  if (!w || !l || *w < 50.0 || *w > 3000.0 || *l < 50.0 || *l > 3000.0)
    throw UsageError("--plate-outline must be WIDTHxLENGTH in mm, 50-3000 each (got '" + text +
                     "')");
  return {*w, *l};
}

analysis::PlateOrigin plateOrigin(const std::string& text) {
  std::vector<double> v;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto n = wire::parseNumber(item);
    if (!n || std::abs(*n) > 1.0) {
      throw UsageError(
          "option --plate-origin-m expects DX,DY,DZ in metres (each within 1 m), got '" + text +
          "'");
    }
    v.push_back(*n);
  }
  if (v.size() != 3)
    throw UsageError("option --plate-origin-m expects DX,DY,DZ in metres, got '" + text + "'");
  return {v[0], v[1], v[2]};
}

}  // namespace

int runImport(const ParsedArgs& args) {
  ImportRequest request;
  request.source = args.positionals().front();
  const std::optional<ExportedTrial> exported = exportedTrial(request.source);
  SessionDefaults defaults;
  if (exported) {
    if (!exported->test.empty()) defaults.test = exported->test;
    defaults.involved = exported->involved;
    defaults.body_mass_kg = exported->body_mass_kg;
  }
  request.format =
      args.choice("format", {"auto", "csv", "chronojump", "bioware", "openscale", "c3d", "ble-log"},
                  "auto");
  if ((args.value("protocol") || args.value("uart-text")) && request.format != "ble-log")
    throw UsageError("--protocol and --uart-text apply to --format ble-log only");
  if (const auto p = args.value("protocol")) {
    importers::BleLogOptions ble;
    ble.service = args.choice("protocol", wire::bleServiceNames(), "tindeq-progressor") ==
                          "ble-uart"
                      ? wire::BleService::NordicUart
                      : wire::BleService::TindeqProgressor;
    ble.rate_hz = args.number("rate", 0.001, 1e6);
    if (args.value("uart-text")) {
      if (ble.service != wire::BleService::NordicUart)
        throw UsageError("--uart-text applies to --protocol ble-uart only");
      ble.uart_text = wire::describeProtocol(
                          args.choice("uart-text", {"csv", "chronojump", "openscale", "mark10"},
                                      "csv"))
                          .protocol;
    }
    request.ble = ble;
  } else if (args.value("uart-text")) {
    throw UsageError("--uart-text needs --protocol ble-uart");
  }
  const fs::path out = sessionPathFor(args, defaults.test);
  request.csv.rate_hz = args.number("rate", 0.001, 1e6);
  if (const auto c = args.value("columns")) request.csv.columns = parsePairs("columns", *c);
  request.plate.rate_hz = request.csv.rate_hz;
  request.plate.columns = request.csv.columns;
  if (const auto u = args.value("units"))
    request.plate.units = request.csv.units = parsePairs("units", *u);
  if (args.value("vertical"))
    request.plate.vertical = args.choice("vertical", {"x", "y", "z"}, "z")[0];
  if (args.value("ap-axis"))
    request.plate.ap_axis = args.choice("ap-axis", {"x", "y", "z"}, "y")[0];
  if (const auto o = args.value("plate-origin-m")) request.plate.origin = plateOrigin(*o);
  if (const auto o = args.value("plate-outline")) request.outline = plateOutline(*o);
  request.ap_axis_given = args.value("ap-axis").has_value();
  request.plate_options = args.value("vertical") || args.value("ap-axis") ||
                          args.value("plate-origin-m") || args.value("plate-outline");
  if (args.value("side")) request.side = args.choice("side", {"left", "right", "both"}, "both");
  checkOutputFolder(out);

  const auto session = sessionInfoFor(args, out, HOLDFAST_VERSION, defaults);
  store::TrialInfo trial;
  applyTrialOptions(args, trial);
  const ImportResult imported = importRecording(request, out, session, trial, exported);
  if (exported && !args.value("test"))
    std::cout << "Holdfast's export: recorded as the test " << session.test
              << (session.involved.empty() ? "" : ", involved " + session.involved)
              << ", as its results file beside it says\n";
  std::cout << importSummary(imported, out);
  if (const std::string skipped = skippedRowsWarning(imported.recording); !skipped.empty())
    std::cerr << "warning: " << skipped << "\n";
  return kExitOk;
}

}  // namespace holdfast::app
