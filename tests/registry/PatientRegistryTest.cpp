// Identity stays in the registry: ids are random pseudonyms, the file is private, bad input is
// refused with a reason, and paths built from ids never leave the data folder.

#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/store/SessionRecord.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include <sqlite3.h>

#include "holdfast/registry/DataFolder.h"

using namespace holdfast::registry;
namespace fs = std::filesystem;

namespace {

class PatientRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("holdfast-registry-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static unsigned mode(const fs::path& p) {
    struct stat st {};
    stat(p.c_str(), &st);
    return st.st_mode & 0777u;
  }
  /// A registry as an older Holdfast left it: `sql` run on a fresh file in the data folder.
  void writeOldRegistry(const char* sql) const {
    ensureDataFolder(dir_);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(registryFile(dir_).c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  fs::path dir_;
};

TEST_F(PatientRegistryTest, AddFindListAndEdit) {
  ensureDataFolder(dir_);
  EXPECT_EQ(mode(dir_), 0700u);
  PatientRegistry r(registryFile(dir_));
  EXPECT_EQ(mode(registryFile(dir_)), 0600u);
  const Patient a =
      r.add({"", "Jane Doe", "1990-05-17", "female", "ACL right, 2026", "", "", "", "", ""});
  const Patient b = r.add({"", "Bob Roe", "1985-02-28", "", "", "", "", "", "", ""});
  EXPECT_TRUE(isRegistryId(a.id)) << a.id;
  EXPECT_NE(a.id, b.id);
  EXPECT_FALSE(a.created_utc.empty());
  const auto found = r.find(a.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "Jane Doe");
  EXPECT_EQ(found->notes, "ACL right, 2026");
  EXPECT_FALSE(r.find("HF-00000000"));
  ASSERT_EQ(r.list().size(), 2u);
  EXPECT_EQ(r.list()[0].name, "Bob Roe");  // by name

  Patient edited = *found;
  edited.sex = "other";
  edited.name = "Jane Q. Doe";
  r.update(edited);
  EXPECT_EQ(r.find(a.id)->name, "Jane Q. Doe");
  EXPECT_EQ(r.find(a.id)->sex, "other");
  edited.id = "HF-00000000";
  EXPECT_THROW(r.update(edited), holdfast::store::StoreError);

  // Reopened, it is all still there (a real file, not memory).
  PatientRegistry again(registryFile(dir_));
  EXPECT_EQ(again.list().size(), 2u);
}

// The same name and date of birth is refused unless asked for: a second registration of one
// person would split their history. Case and spacing do not make another name.
TEST_F(PatientRegistryTest, TheSameNameAndDateOfBirthIsRefusedUnlessAllowed) {
  ensureDataFolder(dir_);
  PatientRegistry r(registryFile(dir_));
  const Patient a = r.add({"", "Jane Doe", "1990-05-17", "female", "", "", "MRN-1001", "", "", ""});
  EXPECT_EQ(r.find(a.id)->record_number, "MRN-1001");
  try {
    (void)r.add({"", "  jane   DOE ", "1990-05-17", "", "", "", "", "", "", ""});
    FAIL() << "a duplicate was added";
  } catch (const DuplicatePatient& e) {
    EXPECT_EQ(e.existingId(), a.id);
    EXPECT_NE(std::string(e.what()).find(a.id), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--allow-duplicate"), std::string::npos) << e.what();
  }
  EXPECT_EQ(r.list().size(), 1u);
  // Another date of birth is another person; asked for, a true namesake is added.
  const Patient b = r.add({"", "Jane Doe", "1991-05-17", "", "", "", "", "", "", ""});
  const Patient c = r.add({"", "Jane Doe", "1990-05-17", "", "", "", "MRN-2002", "", "", ""}, true);
  EXPECT_EQ(r.list().size(), 3u);
  // An edit that would make b the same as a is refused too.
  Patient edited = *r.find(b.id);
  edited.date_of_birth = "1990-05-17";
  EXPECT_THROW(r.update(edited), DuplicatePatient);
  edited.record_number = "MRN-3003";
  EXPECT_NO_THROW(r.update(edited, true));
  EXPECT_EQ(r.find(b.id)->record_number, "MRN-3003");

  // Merged, c is no longer listed but is still found, saying where it went.
  r.markMerged(c.id, a.id);
  EXPECT_EQ(r.list().size(), 2u);
  EXPECT_EQ(r.find(c.id)->merged_into, a.id);
  EXPECT_THROW(r.markMerged(c.id, a.id), holdfast::store::StoreError);  // already merged
  EXPECT_THROW(r.markMerged(a.id, a.id), holdfast::store::StoreError);
  EXPECT_THROW(r.markMerged(b.id, c.id), holdfast::store::StoreError);  // into a merged one
}

// A registry written by an older Holdfast (no record number, no merges) opens with every
// patient kept and gains the new fields.
TEST_F(PatientRegistryTest, AnOlderRegistryIsUpgradedInPlace) {
  writeOldRegistry(
      "CREATE TABLE patients (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, date_of_birth "
      "TEXT NOT NULL, sex TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '', created_utc "
      "TEXT NOT NULL);"
      "INSERT INTO patients VALUES ('HF-0D9PAT1E', 'Old Patient', '1970-01-02', 'male', 'n', "
      "'2025-01-01T00:00:00.000Z');"
      "PRAGMA user_version = 1;");
  PatientRegistry r(registryFile(dir_));
  ASSERT_EQ(r.list().size(), 1u);
  EXPECT_EQ(r.list()[0].name, "Old Patient");
  EXPECT_EQ(r.list()[0].record_number, "");
  Patient p = r.list()[0];
  p.record_number = "R-77";
  r.update(p);
  EXPECT_EQ(PatientRegistry(registryFile(dir_)).find(p.id)->record_number, "R-77");
}

TEST_F(PatientRegistryTest, AVersion2RegistryGainsSportAndLevel) {
  writeOldRegistry(
      "CREATE TABLE patients (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, date_of_birth "
      "TEXT NOT NULL, sex TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '', created_utc "
      "TEXT NOT NULL, record_number TEXT NOT NULL DEFAULT '', merged_into TEXT NOT NULL DEFAULT "
      "'');"
      "INSERT INTO patients VALUES ('HF-0D9PAT1E', 'Old Patient', '1970-01-02', 'male', 'n', "
      "'2025-01-01T00:00:00.000Z', 'R-1', '');"
      "PRAGMA user_version = 2;");
  PatientRegistry r(registryFile(dir_));
  Patient p = r.list().at(0);
  EXPECT_EQ(p.record_number, "R-1");
  EXPECT_EQ(p.sport, "");
  p.sport = "field-hockey";
  p.sport_level = "sub-elite";
  r.update(p);
  const Patient again = *PatientRegistry(registryFile(dir_)).find(p.id);
  EXPECT_EQ(again.sport, "field-hockey");
  EXPECT_EQ(again.sport_level, "sub-elite");
  p.sport = "ice-hokey";
  try {
    r.update(p);
    FAIL() << "an unknown sport was stored";
  } catch (const holdfast::store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean ice-hockey"), std::string::npos) << e.what();
  }
  p.sport.clear();
  EXPECT_THROW(r.update(p), holdfast::store::StoreError);  // a level without its sport
}

TEST_F(PatientRegistryTest, IdsAreRandomAndUnambiguous) {
  ensureDataFolder(dir_);
  PatientRegistry r(registryFile(dir_));
  std::set<std::string> ids;
  for (int i = 0; i < 200; ++i)
    ids.insert(r.add({"", "P", "2000-01-01", "", "", "", "", "", "", ""}, true).id);
  EXPECT_EQ(ids.size(), 200u);
  for (const auto& id : ids) {
    EXPECT_EQ(id.find_first_of("ILOU"), std::string::npos) << id;
  }
  EXPECT_FALSE(isRegistryId("HF-1234567"));
  EXPECT_FALSE(isRegistryId("HF-1234567I"));
  EXPECT_FALSE(isRegistryId("../HF-12345"));
}

TEST_F(PatientRegistryTest, BadFieldsAreRefusedWithTheReason) {
  const auto says = [](Patient p, const char* what) {
    try {
      validatePatient(p);
      ADD_FAILURE() << "accepted: " << p.name << " " << p.date_of_birth << " " << p.sex;
    } catch (const holdfast::store::StoreError& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  says({"", "", "1990-01-01", "", "", "", "", "", "", ""}, "name");
  says({"", "X", "1990-13-01", "", "", "", "", "", "", ""}, "YYYY-MM-DD");
  says({"", "X", "17/05/1990", "", "", "", "", "", "", ""}, "YYYY-MM-DD");
  says({"", "X", "1990-02-30", "", "", "", "", "", "", ""}, "YYYY-MM-DD");
  says({"", "X", "2100-01-01", "", "", "", "", "", "", ""}, "plausible");
  says({"", "X", "2999-01-01", "", "", "", "", "", "", ""}, "YYYY-MM-DD");
  says({"", "X", "1850-01-01", "", "", "", "", "", "", ""}, "plausible");
  says({"", "X", "1990-01-01", "f", "", "", "", "", "", ""}, "sex");
  says({"", "X\x1b[2J", "1990-01-01", "", "", "", "", "", "", ""}, "control");
}

TEST_F(PatientRegistryTest, AgeInWholeYears) {
  EXPECT_EQ(ageInYears("1990-05-17", "2026-05-16"), 35);
  EXPECT_EQ(ageInYears("1990-05-17", "2026-05-17T08:00:00.000Z"), 36);
  EXPECT_EQ(ageInYears("2000-02-29", "2026-02-28"), 25);
  EXPECT_FALSE(ageInYears("2030-01-01", "2026-01-01"));
  EXPECT_FALSE(ageInYears("nonsense", "2026-01-01"));
}

TEST_F(PatientRegistryTest, PathsBuiltFromIdsStayInsideTheDataFolder) {
  ensureDataFolder(dir_);
  EXPECT_EQ(patientSessionFolder(dir_, "HF-ABCDEFGH"), dir_ / "sessions" / "HF-ABCDEFGH");
  for (const char* bad : {"..", "../x", "a/b", "/etc", "", ".", "a b", "x\n", "", ""}) {
    EXPECT_THROW((void)patientSessionFolder(dir_, bad), holdfast::store::StoreError) << bad;
  }
  EXPECT_THROW(requireInside(dir_, dir_ / ".." / "elsewhere"), holdfast::store::StoreError);
  // A symlink inside the folder that points out is caught too.
  fs::create_directories(dir_ / "sessions");
  fs::create_directory_symlink(fs::temp_directory_path(), dir_ / "sessions" / "HF-LINKOUT0");
  EXPECT_THROW((void)patientSessionFolder(dir_, "HF-LINKOUT0"), holdfast::store::StoreError);
  EXPECT_NO_THROW(requireInside(dir_, dir_ / "sessions" / "x.h5"));
}

TEST_F(PatientRegistryTest, AFileThatIsNotARegistryIsAClearError) {
  ensureDataFolder(dir_);
  { std::ofstream(registryFile(dir_)) << "this is not a database, just text that is long enough"; }
  try {
    PatientRegistry r(registryFile(dir_));
    FAIL();
  } catch (const holdfast::store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("registry"), std::string::npos) << e.what();
  }
}

TEST_F(PatientRegistryTest, DataFolderDefaultsFollowXdg) {
  const char* saved_data = std::getenv("HOLDFAST_DATA_DIR");
  const std::string keep = saved_data ? saved_data : "";
  unsetenv("HOLDFAST_DATA_DIR");
  setenv("XDG_DATA_HOME", "/srv/xdg", 1);
  EXPECT_EQ(defaultDataFolder(), fs::path("/srv/xdg/holdfast"));
  setenv("XDG_DATA_HOME", "relative/ignored", 1);
  setenv("HOME", "/home/clinic", 1);
  EXPECT_EQ(defaultDataFolder(), fs::path("/home/clinic/.local/share/holdfast"));
  setenv("HOLDFAST_DATA_DIR", "/data/holdfast", 1);
  EXPECT_EQ(defaultDataFolder(), fs::path("/data/holdfast"));
  if (keep.empty())
    unsetenv("HOLDFAST_DATA_DIR");
  else
    setenv("HOLDFAST_DATA_DIR", keep.c_str(), 1);
}

}  // namespace
