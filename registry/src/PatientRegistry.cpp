#include "holdfast/registry/PatientRegistry.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>

#include "holdfast/store/IsoTime.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/Population.h"

namespace holdfast::registry {

namespace fs = std::filesystem;

std::string Patient::registeredLocal() const { return store::localDateTime("", created_utc); }

namespace {

// Crockford's base 32: no I, L, O, U, so an id read aloud or copied by hand stays unambiguous.
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kIdChars = 8;  // 40 bits: collisions are checked anyway

std::string newId() {
  unsigned char bytes[kIdChars];
  std::size_t got = 0;
  while (got < kIdChars) {
    const ssize_t n = getrandom(bytes + got, kIdChars - got, 0);
    if (n < 0) throw store::StoreError("no randomness for a patient id");
    got += static_cast<std::size_t>(n);
  }
  std::string id = "HF-";
  for (const unsigned char b : bytes) id += kAlphabet[b & 31u];
  return id;
}

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw store::StoreError(std::string("patient registry: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  /// true while rows come.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw store::StoreError(std::string("patient registry: ") + sqlite3_errmsg(db_));
  }
  [[nodiscard]] std::string text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p != nullptr ? reinterpret_cast<const char*>(p) : "";
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

Patient rowToPatient(const Statement& s) {
  return Patient{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4),
                 s.text(5), s.text(6), s.text(7), s.text(8), s.text(9)};
}

constexpr const char* kColumns =
    "id, name, date_of_birth, sex, notes, created_utc, record_number, merged_into, sport, "
    "sport_level";

/// "  Jane   DOE " and "jane doe" are the same name to a person reading the list.
std::string foldName(const std::string& name) {
  std::string out;
  bool space = false;
  for (const char c : name) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::optional<std::string> sameNameAndBirth(const std::vector<Patient>& patients, const Patient& p,
                                            const std::string& except_id) {
  const std::string name = foldName(p.name);
  for (const Patient& other : patients) {
    if (other.id != except_id && other.date_of_birth == p.date_of_birth &&
        foldName(other.name) == name)
      return other.id;
  }
  return std::nullopt;
}

bool isRegistryId(const std::string& id) {
  if (id.size() != 3 + kIdChars || id.compare(0, 3, "HF-") != 0) return false;
  for (std::size_t i = 3; i < id.size(); ++i) {
    if (std::string_view(kAlphabet).find(id[i]) == std::string_view::npos) return false;
  }
  return true;
}

std::optional<int> ageInYears(const std::string& date_of_birth, const std::string& on_day) {
  int by = 0, bm = 0, bd = 0, y = 0, m = 0, d = 0;
  if (!store::parseIsoUtc(date_of_birth.substr(0, 10)) || !store::parseIsoUtc(on_day.substr(0, 10)))
    return std::nullopt;
  std::sscanf(date_of_birth.c_str(), "%d-%d-%d", &by, &bm, &bd);
  std::sscanf(on_day.c_str(), "%d-%d-%d", &y, &m, &d);
  int age = y - by;
  if (m < bm || (m == bm && d < bd)) --age;
  if (age < 0) return std::nullopt;
  return age;
}

void validatePatient(const Patient& p) {
  if (p.name.empty() || p.name.size() > 200)
    throw store::StoreError("the name must be 1-200 characters");
  for (const char c : p.name + p.notes) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')
      throw store::StoreError("names and notes cannot hold control characters");
  }
  if (p.notes.size() > 4000) throw store::StoreError("notes are limited to 4000 characters");
  if (p.record_number.size() > 64)
    throw store::StoreError("the record number is limited to 64 characters");
  for (const char c : p.record_number) {
    if (static_cast<unsigned char>(c) < 0x20)
      throw store::StoreError("the record number cannot hold control characters");
  }
  if (p.date_of_birth.size() != 10 || !store::parseIsoUtc(p.date_of_birth)) {
    throw store::StoreError("the date of birth must be a real date written YYYY-MM-DD, got '" +
                            p.date_of_birth + "'");
  }
  if (p.date_of_birth > store::isoUtcNow().substr(0, 10) || p.date_of_birth < "1900-01-01")
    throw store::StoreError("the date of birth " + p.date_of_birth + " is not plausible");
  if (p.sex != "" && p.sex != "female" && p.sex != "male" && p.sex != "other")
    throw store::StoreError("sex must be female, male or other, got '" + p.sex + "'");
  try {
    wire::checkSport(p.sport);
    wire::checkSportLevel(p.sport_level);
  } catch (const wire::InputError& e) {
    throw store::StoreError(e.what());
  }
  if (p.sport_level != "" && (p.sport == "" || p.sport == "none"))
    throw store::StoreError("a level (" + p.sport_level + ") needs the sport it is played at");
}

struct PatientRegistry::Impl {
  sqlite3* db = nullptr;
};

PatientRegistry::PatientRegistry(const fs::path& file) : impl_(std::make_unique<Impl>()) {
  // Create it private before SQLite opens it (SQLite's own files then copy its permissions).
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    throw store::StoreError("cannot open the patient registry " + file.string() + ": " +
                            std::strerror(errno));
  ::fchmod(fd, 0600);
  ::close(fd);
  if (sqlite3_open_v2(file.c_str(), &impl_->db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    const std::string why = impl_->db ? sqlite3_errmsg(impl_->db) : "out of memory";
    sqlite3_close(impl_->db);
    throw store::StoreError("cannot open the patient registry " + file.string() + ": " + why);
  }
  sqlite3_busy_timeout(impl_->db, 5000);
  char* error = nullptr;
  const int rc = sqlite3_exec(impl_->db,
                              "PRAGMA foreign_keys = ON;"
                              "CREATE TABLE IF NOT EXISTS patients ("
                              " id TEXT PRIMARY KEY NOT NULL,"
                              " name TEXT NOT NULL,"
                              " date_of_birth TEXT NOT NULL,"
                              " sex TEXT NOT NULL DEFAULT '',"
                              " notes TEXT NOT NULL DEFAULT '',"
                              " created_utc TEXT NOT NULL);",
                              nullptr, nullptr, &error);
  // Version 2 adds the clinic's record number and merges, version 3 the sport and level a
  // norm's population is matched on (columns added in place: a registry from an older
  // Holdfast keeps every patient).
  if (rc == SQLITE_OK) {
    Statement version(impl_->db, "PRAGMA user_version");
    const int have = version.step() ? std::atoi(version.text(0).c_str()) : 0;
    if (have < 3) {
      sqlite3_exec(impl_->db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      std::set<std::string> columns;
      {
        Statement info(impl_->db, "PRAGMA table_info(patients)");
        while (info.step()) columns.insert(info.text(1));
      }
      std::string upgrade;
      for (const char* column : {"record_number", "merged_into", "sport", "sport_level"}) {
        if (!columns.count(column))
          upgrade += std::string("ALTER TABLE patients ADD COLUMN ") + column +
                     " TEXT NOT NULL DEFAULT '';";
      }
      upgrade += "PRAGMA user_version = 3;";
      const int up = sqlite3_exec(impl_->db, upgrade.c_str(), nullptr, nullptr, &error);
      sqlite3_exec(impl_->db, up == SQLITE_OK ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
      if (up != SQLITE_OK) {
        const std::string why = error ? error : "unknown error";
        sqlite3_free(error);
        sqlite3_close(impl_->db);
        impl_->db = nullptr;
        throw store::StoreError("cannot upgrade the patient registry " + file.string() + ": " +
                                why);
      }
    }
  }
  if (rc != SQLITE_OK) {
    const std::string why = error ? error : "unknown error";
    sqlite3_free(error);
    sqlite3_close(impl_->db);
    impl_->db = nullptr;
    throw store::StoreError("the patient registry " + file.string() + " is unreadable: " + why);
  }
}

PatientRegistry::~PatientRegistry() { sqlite3_close(impl_->db); }

namespace {
void refuseDuplicate(const std::vector<Patient>& all, const Patient& p, bool allow,
                     const std::string& except_id) {
  if (allow) return;
  if (const auto same = sameNameAndBirth(all, p, except_id)) {
    throw DuplicatePatient(*same, "a patient named '" + p.name + "' born " + p.date_of_birth +
                                      " is already registered as " + *same +
                                      " (if this is another person with the same name and date "
                                      "of birth, add them with --allow-duplicate)");
  }
}
}  // namespace

Patient PatientRegistry::add(Patient p, bool allow_duplicate) {
  validatePatient(p);
  refuseDuplicate(list(), p, allow_duplicate, "");
  p.merged_into.clear();
  p.created_utc = store::isoUtcNow();
  for (int attempt = 0; attempt < 20; ++attempt) {
    p.id = newId();
    if (find(p.id)) continue;
    Statement s(impl_->db,
                "INSERT INTO patients (id, name, date_of_birth, sex, notes, created_utc, "
                "record_number, sport, sport_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, p.id).bind(2, p.name).bind(3, p.date_of_birth).bind(4, p.sex).bind(5, p.notes);
    s.bind(6, p.created_utc).bind(7, p.record_number).bind(8, p.sport);
    s.bind(9, p.sport_level).step();
    return p;
  }
  throw store::StoreError("could not find a free patient id");
}

std::optional<Patient> PatientRegistry::find(const std::string& id) const {
  Statement s(impl_->db,
              (std::string("SELECT ") + kColumns + " FROM patients WHERE id = ?").c_str());
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return rowToPatient(s);
}

std::vector<Patient> PatientRegistry::list() const {
  Statement s(impl_->db, (std::string("SELECT ") + kColumns +
                          " FROM patients WHERE merged_into = '' ORDER BY name, date_of_birth, id")
                             .c_str());
  std::vector<Patient> out;
  while (s.step()) out.push_back(rowToPatient(s));
  return out;
}

void PatientRegistry::update(const Patient& p, bool allow_duplicate) {
  validatePatient(p);
  if (!find(p.id)) throw store::StoreError("no patient " + p.id + " in the registry");
  refuseDuplicate(list(), p, allow_duplicate, p.id);
  Statement s(impl_->db,
              "UPDATE patients SET name = ?, date_of_birth = ?, sex = ?, notes = ?, "
              "record_number = ?, sport = ?, sport_level = ? WHERE id = ?");
  s.bind(1, p.name).bind(2, p.date_of_birth).bind(3, p.sex).bind(4, p.notes);
  s.bind(5, p.record_number).bind(6, p.sport).bind(7, p.sport_level).bind(8, p.id).step();
}

void PatientRegistry::requireMergeable(const std::string& merged, const std::string& kept) const {
  if (merged == kept) throw store::StoreError("a patient cannot be merged into itself");
  const auto a = find(kept), b = find(merged);
  if (!a) throw store::StoreError("no patient " + kept + " in the registry");
  if (!b) throw store::StoreError("no patient " + merged + " in the registry");
  if (!a->merged_into.empty())
    throw store::StoreError(kept + " was merged into " + a->merged_into + " already");
  if (!b->merged_into.empty())
    throw store::StoreError(merged + " was merged into " + b->merged_into + " already");
}

void PatientRegistry::markMerged(const std::string& merged, const std::string& kept) {
  requireMergeable(merged, kept);
  Statement s(impl_->db, "UPDATE patients SET merged_into = ? WHERE id = ?");
  s.bind(1, kept).bind(2, merged).step();
}

}  // namespace holdfast::registry
