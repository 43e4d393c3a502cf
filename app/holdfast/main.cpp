// holdfast: the command-line station. Each command lives in its own file; see --help.

#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "Commands.h"
#include "holdfast/cli/Licence.h"
#include "holdfast/cli/MemoryPolicy.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/registry/ActivityLog.h"

namespace {

using holdfast::app::Command;

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {holdfast::app::simulateSpec, holdfast::app::runSimulate},
      {holdfast::app::acquireSpec, holdfast::app::runAcquire},
      {holdfast::app::recoverSpec, holdfast::app::runRecover},
      {holdfast::app::patientsSpec, holdfast::app::runPatients},
      {holdfast::app::importSpec, holdfast::app::runImport},
      {holdfast::app::analyzeSpec, holdfast::app::runAnalyze},
      {holdfast::app::trialSpec, holdfast::app::runTrial},
      {holdfast::app::exportSpec, holdfast::app::runExport},
      {holdfast::app::batchSpec, holdfast::app::runBatch},
      {holdfast::app::devicesSpec, holdfast::app::runDevices},
      {holdfast::app::calibrateSpec, holdfast::app::runCalibrate},
      {holdfast::app::normsSpec, holdfast::app::runNorms},
      {holdfast::app::reportSpec, holdfast::app::runReport},
  };
  return list;
}

void printMainHelp() {
  std::cout << "Usage: holdfast COMMAND [OPTIONS]\n\n"
               "Records force plates and dynamometers over a serial port, stores every sample in\n"
               "HDF5 session files and computes strength metrics.\n\nCommands:\n";
  for (const auto& c : commands()) {
    std::printf("  %-10s %s\n", c.spec().name().c_str(), c.spec().summary().c_str());
  }
  std::cout << "\nRun 'holdfast COMMAND --help' for the options of a command.\n"
               "Exit codes: 0 success, 1 the work failed (device, disk, analysis),\n"
               "2 bad command line or unreadable input.\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace holdfast::app;
  // Patient data: every file and folder this program creates is private to its user (0600,
  // 0700) unless a command says otherwise.
  umask(077);
  // Past a file-size limit, write() then fails with EFBIG, reported like a full disk, instead
  // of the process being killed with the journal half-written.
  std::signal(SIGXFSZ, SIG_IGN);
  // Freed arrays kept for the next recording, large ones on huge pages (cli/MemoryPolicy.h).
  holdfast::cli::applyProgramMemoryPolicy();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    printMainHelp();
    return kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    printMainHelp();
    return kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "holdfast " << HOLDFAST_VERSION << "\n"
              << "test library: " << holdfast::method::defaultTestLibrary().string() << "\n"
              << holdfast::cli::kLicenceText;
    return kExitOk;
  }
  for (const auto& c : commands()) {
    if (c.spec().name() != args[0]) continue;
    try {
      const ParsedArgs parsed = c.spec().parse(std::span<const std::string>(args).subspan(1));
      if (parsed.help()) {
        std::cout << c.spec().helpText();
        return kExitOk;
      }
      return c.run(parsed);
    } catch (const UsageError& e) {
      std::cerr << "holdfast " << args[0] << ": " << e.what() << "\n";
      return kExitUsage;
    } catch (const std::exception& e) {
      std::cerr << "holdfast " << args[0] << ": " << e.what() << "\n";
      activityLog()->error("{} failed: {}", args[0], e.what());
      return kExitFailure;
    }
  }
  std::cerr << "holdfast: unknown command '" << args[0]
            << "' (run 'holdfast --help' for the list)\n";
  return kExitUsage;
}
