#pragma once
#include <memory>
#include <span>
#include <string>

#include "holdfast/cli/CommandLine.h"
#include "holdfast/cli/DeviceOptions.h"

namespace holdfast::method {}
namespace holdfast::recording {}
namespace holdfast::results {}
namespace holdfast::registry {}
namespace holdfast::research {}
namespace holdfast::importers {}
namespace holdfast::report {}

namespace holdfast::app {

// The commands are thin: they parse their options (cli) and call the libraries.
using namespace holdfast::cli;        // NOLINT(google-build-using-namespace)
using namespace holdfast::method;     // NOLINT(google-build-using-namespace)
using namespace holdfast::recording;  // NOLINT(google-build-using-namespace)
using namespace holdfast::results;    // NOLINT(google-build-using-namespace)
using namespace holdfast::registry;   // NOLINT(google-build-using-namespace)
using namespace holdfast::research;   // NOLINT(google-build-using-namespace)
using namespace holdfast::importers;  // NOLINT(google-build-using-namespace)
using namespace holdfast::report;     // NOLINT(google-build-using-namespace)

/// The link to the Bluetooth device `acquire --ble` names: the simulated Progressor for
/// "simulator" (AcquireCommand.cpp), else Qt Bluetooth's (BleScanCommand.cpp; a build without
/// Qt refuses it).
std::shared_ptr<daq::NotificationLink> bleLinkFor(const std::string& address,
                                                  const daq::AcquisitionConfig& config);
std::shared_ptr<daq::NotificationLink> radioLinkFor(const std::string& address,
                                                    const daq::AcquisitionConfig& config);

struct Command {
  const CommandSpec& (*spec)();
  int (*run)(const ParsedArgs& args);
};

const CommandSpec& simulateSpec();
int runSimulate(const ParsedArgs& args);
const CommandSpec& acquireSpec();
int runAcquire(const ParsedArgs& args);
const CommandSpec& analyzeSpec();
int runAnalyze(const ParsedArgs& args);
const CommandSpec& trialSpec();
int runTrial(const ParsedArgs& args);
const CommandSpec& importSpec();
int runImport(const ParsedArgs& args);
const CommandSpec& devicesSpec();
int runDevices(const ParsedArgs& args);
/// devices --ble: the Bluetooth scan (BleScanCommand.cpp; BleScanUnavailable.cpp without Qt).
int runBleScan(const ParsedArgs& args);
const CommandSpec& recoverSpec();
int runRecover(const ParsedArgs& args);
const CommandSpec& patientsSpec();
int runPatients(const ParsedArgs& args);
const CommandSpec& exportSpec();
int runExport(const ParsedArgs& args);
const CommandSpec& batchSpec();
int runBatch(const ParsedArgs& args);
const CommandSpec& normsSpec();
int runNorms(const ParsedArgs& args);
const CommandSpec& calibrateSpec();
int runCalibrate(const ParsedArgs& args);
/// The clinical PDF; in builds without Qt it says so and exits 1.
const CommandSpec& reportSpec();
int runReport(const ParsedArgs& args);

/// Sets `flag` on SIGINT and SIGTERM: the operator's stop, handled by the command's own loop.
void installStopSignals();
bool stopRequested();

}  // namespace holdfast::app
