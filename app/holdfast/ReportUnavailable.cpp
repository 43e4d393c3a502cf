// holdfast report in a build without Qt (-DHOLDFAST_WITH_QT=OFF): the PDF needs Qt to draw.
#include <iostream>

#include "Commands.h"
#include "holdfast/cli/SessionOptions.h"

namespace holdfast::app {

const CommandSpec& reportSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("report", "Write the clinical PDF report (needs a build with Qt).",
                  "holdfast report FILE.h5... --pdf OUT.pdf");
    // The same options as the real command, so a caller's command line still parses.
    s.positionals("FILE.h5", "session files", 0, 50)
        .option("pdf", "OUT.pdf", "the report")
        .flag("pseudonymous", "the shareable version");
    addDataFolderOption(s);
    return s;
  }();
  return spec;
}

int runReport(const ParsedArgs&) {
  std::cerr << "holdfast report: this holdfast was built without Qt (HOLDFAST_WITH_QT=OFF), "
               "which draws the report; rebuild with Qt\n";
  return kExitFailure;
}

}  // namespace holdfast::app
