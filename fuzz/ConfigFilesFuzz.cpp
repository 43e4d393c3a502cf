// libFuzzer target: the JSON files a user hands Holdfast: return-to-sport criteria files, test
// definitions (the station's library) and norms files (test_library/norms, checked against the
// shipped library: every row accepted has its citation and a spread). Anything must be refused with
// an InputError that names the file, or accepted as a protocol the station can run (at least one
// step, durations in range, a hold with its target).

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "FuzzCheck.h"
#include "holdfast/method/AnalysisParameters.h"
#include "holdfast/method/Norm.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/wire/InputError.h"

using namespace holdfast;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const method::TestDefinition p = method::parseTestDefinition(text, "fuzz.json");
    FUZZ_CHECK(!p.steps().empty());
    FUZZ_CHECK(p.duration_s >= 1 && p.duration_s <= 900);
    FUZZ_CHECK(p.kind != method::TestKind::Hold || p.target.has_value());
    if (p.target) FUZZ_CHECK(p.target->value > 0 && std::isfinite(p.target->value));
  } catch (const wire::InputError& e) {
    FUZZ_CHECK(std::string(e.what()).find("fuzz.json") != std::string::npos);
  }
  static const std::vector<method::TestDefinition> library =
      method::loadTestLibrary(method::defaultTestLibrary());
  try {
    for (const method::Norm& n : method::parseNorms(text, "fuzz.json", library)) {
      FUZZ_CHECK(!n.citation.empty() && !n.test.empty());
      FUZZ_CHECK(n.sd > 0 && std::isfinite(n.sd) && std::isfinite(n.mean) && n.n > 0);
    }
  } catch (const wire::InputError& e) {
    FUZZ_CHECK(std::string(e.what()).find("fuzz.json") != std::string::npos);
  }
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    if (j.is_object() && j.contains("criteria")) {
      for (const auto& c : method::parseCriteria(j["criteria"], "fuzz.json"))
        FUZZ_CHECK(std::isfinite(c.threshold) && !c.metric.empty());
    }
  } catch (const nlohmann::json::exception&) {
  } catch (const wire::InputError& e) {
    FUZZ_CHECK(std::string(e.what()).find("fuzz.json") != std::string::npos);
  }
  return 0;
}
