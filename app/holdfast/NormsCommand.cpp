// holdfast norms list: the norms table (test_library/norms/*.json) with each row's population,
// numbers and source, as the comparison uses it (docs/norms.md).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "Commands.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/method/Norm.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/results/NormComparison.h"
#include "holdfast/wire/UnknownName.h"

namespace holdfast::app {

namespace {
std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}
}  // namespace

const CommandSpec& normsSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("norms", "Show the norms table results are compared with.",
                  "holdfast norms list [--test ID] [--json] [--test-library DIR]");
    s.positionals("ACTION", "list", 1, 1)
        .option("test", "ID", "only the norms of this test")
        .flag("json", "print as JSON");
    addTestLibraryOption(s);
    s.note(
        "A result is compared with a norm only when its test is the norm's (the test fixes\n"
        "position, stabilisation and make or break) and the patient is of the norm's\n"
        "population: sex, age, sport and level (patients add/edit --sport, --level). It is\n"
        "then shown as a z-score and percentile with the source; otherwise the results say\n"
        "that no norm matches, and why. The table is DIR/norms/*.json of the test library.");
    return s;
  }();
  return spec;
}

int runNorms(const ParsedArgs& args) {
  if (args.positionals()[0] != "list")
    throw UsageError("unknown action '" + args.positionals()[0] + "' (norms has: list)");
  const std::filesystem::path folder = testLibraryFrom(args).value_or(method::defaultTestLibrary());
  const std::vector<method::TestDefinition> library = method::loadTestLibrary(folder);
  const auto only = args.value("test");
  if (only) {
    bool known = false;
    std::vector<std::string> ids;
    for (const auto& t : library) {
      known = known || t.id == *only;
      ids.push_back(t.id);
    }
    if (!known) throw UsageError(wire::unknownNameMessage("test", *only, ids));
  }
  std::vector<method::Norm> rows;
  for (const auto& t : library) {
    if (only && t.id != *only) continue;
    rows.insert(rows.end(), t.norms.begin(), t.norms.end());
  }
  if (args.flag("json")) {
    auto out = nlohmann::ordered_json::array();
    for (const method::Norm& n : rows) {
      nlohmann::ordered_json row = results::normJson(n);
      row["file"] = n.file.string();
      out.push_back(std::move(row));
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (rows.empty()) {
    std::cout << "no norms" << (only ? " for " + *only : std::string()) << " in "
              << method::normsFolder(folder).string() << "\n";
    return kExitOk;
  }
  std::cout << rows.size() << " norm(s) in " << method::normsFolder(folder).string() << "\n";
  for (const method::Norm& n : rows) {
    std::cout << "\n"
              << n.id << "\n  test:       " << n.test << " (" << n.mode << ", " << n.position
              << ")\n  metric:     " << n.metric << ": " << fixed(n.mean) << " ± " << fixed(n.sd)
              << " " << n.unit << " (mean ± SD), n = " << n.n
              << "\n  population: " << n.population.text() << ": " << n.population.description
              << "\n  device:     " << n.device << "\n  source:     " << n.citation
              << (n.doi.empty() ? "" : " doi:" + n.doi) << " (" << n.values_from << ")\n";
    if (!n.caveat.empty()) std::cout << "  caveat:     " << n.caveat << "\n";
  }
  return kExitOk;
}

}  // namespace holdfast::app
