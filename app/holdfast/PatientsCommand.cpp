#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "Commands.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/registry/DataFolder.h"
#include "holdfast/registry/PatientMerge.h"
#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& patientsSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s(
        "patients", "Keep the patient registry: names apart from the measurements.",
        "holdfast patients add --name NAME --dob YYYY-MM-DD [--sex S] [--record-number R]\n"
        "                          [--sport S] [--level L] [--notes T] [--allow-duplicate]\n"
        "       holdfast patients list [--json]\n"
        "       holdfast patients show ID [--json]\n"
        "       holdfast patients edit ID [--name N] [--dob D] [--sex S] [--record-number R]\n"
        "                          [--sport S] [--level L] [--notes T] [--allow-duplicate]\n"
        "       holdfast patients merge KEEP DUPLICATE");
    s.positionals("ACTION [ID [ID]]", "add, list, show ID, edit ID or merge KEEP DUPLICATE", 1, 3)
        .option("name", "NAME", "the patient's name (kept only in the registry)")
        .option("dob", "YYYY-MM-DD", "date of birth (kept only in the registry)")
        .option("sex", "S", "female, male or other (stored with sessions, for norms)")
        .option("sport", "S",
                "the sport played (football, field-hockey, ice-hockey, ..., none; stored with "
                "sessions, for norms)")
        .option("level", "L",
                "the level played at: professional, elite, sub-elite, amateur or recreational")
        .option("notes", "TEXT", "free text (kept only in the registry; never exported)")
        .option("record-number", "R",
                "the clinic's record number (registry and clinical report only; never exported)")
        .flag("allow-duplicate",
              "add or edit even though a patient with the same name and date of birth is "
              "registered (two people can share both)")
        .flag("json", "print as JSON");
    addDataFolderOption(s);
    s.note(
        "The registry is registry.sqlite in the data folder (0600; the folder is 0700). Session\n"
        "files hold only the pseudonymous id (HF-XXXXXXXX), sex and age in years: never the\n"
        "name or the date of birth. 'add' prints the new id on its last line.\n"
        "'merge KEEP DUPLICATE': one person registered twice. DUPLICATE's sessions move to\n"
        "KEEP's folder, re-keyed to KEEP (each copy checked against its original before the\n"
        "original goes; reports beside them are renamed out of date); DUPLICATE is then no\n"
        "longer listed and cannot record.");
    return s;
  }();
  return spec;
}

namespace {

nlohmann::ordered_json toJson(const registry::Patient& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"date_of_birth", p.date_of_birth},
          {"sex", p.sex},
          {"sport", p.sport},
          {"level", p.sport_level},
          {"record_number", p.record_number},
          {"notes", p.notes},
          {"created_utc", p.created_utc},
          {"merged_into", p.merged_into.empty() ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(p.merged_into)}};
}

std::string checkedId(const std::string& id) {
  if (!registry::isRegistryId(id)) {
    throw UsageError("'" + id + "' is not a registry id (HF- and 8 characters of 0-9, A-Z)");
  }
  return id;
}

std::string requireId(const ParsedArgs& args) {
  if (args.positionals().size() != 2)
    throw UsageError(args.positionals()[0] + " needs the patient's id (and no other)");
  return checkedId(args.positionals()[1]);
}

std::vector<fs::path> sessionsOf(const fs::path& data, const std::string& id) {
  std::vector<fs::path> out;
  std::error_code ec;
  const fs::path folder = registry::patientSessionFolder(data, id);
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".h5") out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int runPatients(const ParsedArgs& args) {
  const std::string action = args.positionals()[0];
  const fs::path data = dataFolderFrom(args);
  const bool json = args.flag("json");
  const auto fields = [&](registry::Patient p) {
    if (auto v = args.value("name")) p.name = *v;
    if (auto v = args.value("dob")) p.date_of_birth = *v;
    if (auto v = args.value("sex")) p.sex = *v;
    if (auto v = args.value("notes")) p.notes = *v;
    if (auto v = args.value("record-number")) p.record_number = *v;
    if (auto v = args.value("sport")) p.sport = *v;
    if (auto v = args.value("level")) p.sport_level = *v;
    return p;
  };
  const bool allow_duplicate = args.flag("allow-duplicate");
  try {
    if (action == "add") {
      if (args.positionals().size() != 1) throw UsageError("add takes no id: one is made");
      if (!args.value("name") || !args.value("dob")) throw UsageError("add needs --name and --dob");
      registry::validatePatient(fields({}));
      registry::ensureDataFolder(data);
      registry::PatientRegistry registry(registry::registryFile(data));
      const registry::Patient p = registry.add(fields({}), allow_duplicate);
      if (json) {
        std::cout << toJson(p).dump(2) << "\n";
      } else {
        std::cout << "added to the registry in " << data.string() << "\n" << p.id << "\n";
      }
      return kExitOk;
    }
    if (action != "list" && action != "show" && action != "edit" && action != "merge") {
      throw UsageError("unknown action '" + action + "' (add, list, show, edit, merge)");
    }
    if (!fs::exists(registry::registryFile(data))) {
      if (action == "list") {
        std::cout << (json ? "[]\n" : "no patients yet (no registry in " + data.string() + ")\n");
        return kExitOk;
      }
      throw std::runtime_error("no patient registry in " + data.string());
    }
    registry::PatientRegistry registry(registry::registryFile(data));
    if (action == "list") {
      if (args.positionals().size() != 1) throw UsageError("list takes no id");
      const auto all = registry.list();
      if (json) {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (const auto& p : all) a.push_back(toJson(p));
        std::cout << a.dump(2) << "\n";
        return kExitOk;
      }
      std::printf("%-12s %-11s %-7s %-12s %8s  %s\n", "id", "born", "sex", "record", "sessions",
                  "name");
      for (const auto& p : all) {
        std::printf("%-12s %-11s %-7s %-12s %8zu  %s\n", p.id.c_str(), p.date_of_birth.c_str(),
                    p.sex.empty() ? "-" : p.sex.c_str(),
                    p.record_number.empty() ? "-" : p.record_number.c_str(),
                    sessionsOf(data, p.id).size(), p.name.c_str());
      }
      return kExitOk;
    }
    if (action == "merge") {
      if (args.positionals().size() != 3)
        throw UsageError("merge needs two ids: the patient to keep, then the duplicate");
      const std::string kept = checkedId(args.positionals()[1]);
      const std::string merged = checkedId(args.positionals()[2]);
      registry.requireMergeable(merged, kept);  // before any file moves
      const auto b = registry.find(merged);
      const registry::PatientMergeResult moved = registry::mergePatientSessions(data, merged, kept);
      registry.markMerged(merged, kept);
      for (const auto& [from, to] : moved.moved)
        std::cout << "moved " << from.string() << " -> " << to.string() << "\n";
      for (const auto& r : moved.retired_reports)
        std::cout << "report out of date (it names " << merged << "): " << r.string() << "\n";
      std::cout << "merged " << merged << " (" << b->name << ", " << b->date_of_birth << ") into "
                << kept << ": " << moved.moved.size() << " session(s) moved\n";
      return kExitOk;
    }
    const std::string id = requireId(args);
    auto p = registry.find(id);
    if (!p) throw std::runtime_error("no patient " + id + " in the registry");
    if (action == "edit") {
      if (!args.value("name") && !args.value("dob") && !args.value("sex") && !args.value("notes") &&
          !args.value("record-number") && !args.value("sport") && !args.value("level"))
        throw UsageError(
            "edit needs at least one of --name, --dob, --sex, --sport, --level, --notes, "
            "--record-number");
      if (!p->merged_into.empty())
        throw UsageError(id + " was merged into " + p->merged_into + ": edit that one");
      registry.update(fields(*p), allow_duplicate);
      p = registry.find(id);
      std::cout << "updated " << id << "\n";
    }
    if (json) {
      auto j = toJson(*p);
      j["sessions"] = nlohmann::ordered_json::array();
      for (const auto& s : sessionsOf(data, id)) j["sessions"].push_back(s.string());
      std::cout << j.dump(2) << "\n";
      return kExitOk;
    }
    std::cout << "id:            " << p->id << "\nname:          " << p->name
              << "\ndate of birth: " << p->date_of_birth
              << "\nsex:           " << (p->sex.empty() ? "-" : p->sex)
              << "\nsport:         " << (p->sport.empty() ? "-" : p->sport)
              << (p->sport_level.empty() ? "" : " (" + p->sport_level + ")")
              << "\nrecord number: " << (p->record_number.empty() ? "-" : p->record_number)
              << "\nnotes:         " << (p->notes.empty() ? "-" : p->notes)
              << "\nregistered:    " << p->registeredLocal()
              << (p->merged_into.empty() ? "" : "\nmerged into:   " + p->merged_into)
              << "\nsessions:\n";
    for (const auto& s : sessionsOf(data, id)) std::cout << "  " << s.string() << "\n";
    return kExitOk;
  } catch (const std::runtime_error& e) {
    // The registry's errors here are of what was asked: an unknown id, an unreadable folder.
    throw UsageError(e.what());
  }
}

}  // namespace holdfast::app
