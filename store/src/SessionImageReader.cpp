#include "SessionImageReader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "Hdf5Image.h"
#include "Hdf5ImageData.h"
#include "MetadataFields.h"
#include "SessionSchema.h"

namespace holdfast::store {

namespace {

using namespace h5image;

/// As the library path: files above this are read dataset by dataset (SessionFileReader.cpp).
constexpr off_t kReadWholeAtMost = off_t{64} << 20;

std::optional<std::vector<std::uint8_t>> readWhole(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::vector<std::uint8_t>> out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= kReadWholeAtMost) {
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < bytes.size()) {
      const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // an error, or the file shrank: the library reads it
      got += static_cast<std::size_t>(n);
    }
    if (got == bytes.size()) out = std::move(bytes);
  }
  ::close(fd);
  return out;
}

// The attribute readers of Hdf5Attributes.cpp, for an attribute of the image: the same value
// where the library's conversion is a plain copy or cast; Unsupported where it would do more.

std::optional<std::string> readString(const File& file, const Attribute& a) {
  if (a.type.type_class == Datatype::Class::VariableString) {
    if (a.count != 1) throw Unsupported("an array where one string is read");
    return file.variableString(a.data);
  }
  if (a.type.type_class != Datatype::Class::String) return std::nullopt;
  if (a.count != 1) throw Unsupported("an array where one string is read");
  const auto* text = reinterpret_cast<const char*>(a.data.data());
  return std::string(text, strnlen(text, a.type.size));
}

std::vector<std::string> readStrings(const File& file, const Attribute& a) {
  std::vector<std::string> out;
  const bool variable = a.type.type_class == Datatype::Class::VariableString;
  if (!variable && a.type.type_class != Datatype::Class::String) return out;
  for (std::uint64_t i = 0; i < a.count; ++i) {
    const auto element = a.data.subspan(static_cast<std::size_t>(i * a.type.size), a.type.size);
    if (variable) {
      out.push_back(file.variableString(element));
    } else {
      const auto* text = reinterpret_cast<const char*>(element.data());
      out.emplace_back(text, strnlen(text, element.size()));
    }
  }
  return out;
}

std::optional<std::int64_t> integer(const Attribute& a) {
  if (a.type.type_class != Datatype::Class::FixedPoint) return std::nullopt;
  if (a.count != 1) throw Unsupported("an array where one number is read");
  const std::size_t n = a.type.size;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{a.data[i]} << (8 * i);
  if (a.type.is_signed && n < 8 && (v >> (8 * n - 1)) != 0) v |= ~std::uint64_t{0} << (8 * n);
  if (!a.type.is_signed && n == 8 && v > static_cast<std::uint64_t>(INT64_MAX))
    throw Unsupported("an unsigned value beyond int64");
  return static_cast<std::int64_t>(v);
}

std::optional<double> readDouble(const Attribute& a) {
  if (a.type.type_class == Datatype::Class::FixedPoint) {
    if (a.type.is_signed || a.type.size < 8) return static_cast<double>(*integer(a));
    throw Unsupported("an unsigned 64-bit value read as a double");
  }
  if (a.type.type_class != Datatype::Class::FloatingPoint) return std::nullopt;
  if (a.count != 1) throw Unsupported("an array where one number is read");
  if (a.type.size == 4) {
    float f;
    std::memcpy(&f, a.data.data(), sizeof f);
    return f;
  }
  double d;
  std::memcpy(&d, a.data.data(), sizeof d);
  return d;
}

/// h5::ReadMetadata over an object of the image.
struct ImageMetadata {
  const File& file;
  const Object& obj;
  fields::Where first;
  fields::Where second;

  template <class T>
  void operator()(const fields::Field& f, T& v) const {
    if (f.where != first && f.where != second) return;
    if (const Attribute* a = obj.attribute(f.hdf5)) get(*a, v);
  }

 private:
  void get(const Attribute& a, std::string& v) const {
    if (auto s = readString(file, a)) v = std::move(*s);
  }
  void get(const Attribute& a, std::vector<std::string>& v) const { v = readStrings(file, a); }
  void get(const Attribute& a, double& v) const {
    if (auto d = readDouble(a)) v = *d;
  }
  void get(const Attribute& a, std::optional<double>& v) const { v = readDouble(a); }
  void get(const Attribute& a, std::optional<int>& v) const {
    if (auto i = integer(a)) v = static_cast<int>(*i);
  }
};

Object group(const File& file, const Object& parent, std::string_view name) {
  const auto at = parent.link(name);
  if (!at) throw Unsupported("no group " + std::string(name));
  Object g = file.object(*at);
  if (g.dataset) throw Unsupported(std::string(name) + " is a dataset");
  return g;
}

Dataset dataset(const File& file, const Object& parent, std::string_view name,
                std::size_t rank) {
  const auto at = parent.link(name);
  if (!at) throw Unsupported("no dataset " + std::string(name));
  Object d = file.object(*at);
  if (!d.dataset || d.dataset->dims.size() != rank)
    throw Unsupported(std::string(name) + " is not a dataset of the expected rank");
  return std::move(*d.dataset);
}

std::vector<TrialEvent> readEvents(const File& file, const Object& trial) {
  std::vector<TrialEvent> events;
  if (!trial.link("events")) return events;
  const Dataset ds = dataset(file, trial, "events", 1);
  if (ds.type.type_class != Datatype::Class::Compound) throw Unsupported("events not a table");
  const Datatype::Member *index = nullptr, *time = nullptr, *kind = nullptr, *value = nullptr,
                         *detail = nullptr;
  for (const auto& m : ds.type.members) {
    const auto is_int64 = [&] {
      return m.type.type_class == Datatype::Class::FixedPoint && m.type.is_signed &&
             m.type.size == 8;
    };
    if (m.name == "sample_index" && is_int64()) index = &m;
    if (m.name == "value" && is_int64()) value = &m;
    if (m.name == "host_time_s" && m.type.type_class == Datatype::Class::FloatingPoint &&
        m.type.size == 8)
      time = &m;
    if (m.name == "kind" && m.type.type_class == Datatype::Class::String &&
        m.type.size == schema::kEventKindLength)
      kind = &m;
    if (m.name == "detail") {
      if (m.type.type_class != Datatype::Class::VariableString) throw Unsupported("event detail");
      detail = &m;
    }
  }
  if (!index || !time || !kind || !value) throw Unsupported("an event table of another layout");
  const std::vector<std::uint8_t> rows = readElements(file, ds);
  const std::size_t size = ds.type.size;
  for (std::size_t r = 0; r * size < rows.size(); ++r) {
    const std::uint8_t* row = rows.data() + r * size;
    TrialEvent e;
    std::memcpy(&e.sample_index, row + index->offset, 8);
    std::memcpy(&e.host_time_s, row + time->offset, 8);
    const auto* k = reinterpret_cast<const char*>(row + kind->offset);
    e.kind.assign(k, strnlen(k, schema::kEventKindLength));
    std::memcpy(&e.value, row + value->offset, 8);
    if (detail) e.detail = file.variableString(std::span(row + detail->offset, 16));
    events.push_back(std::move(e));
  }
  return events;
}

/// readTrial of SessionFileReader.cpp with SessionParts::ForAnalysis.
TrialRecord readTrial(const File& file, const Object& g) {
  TrialRecord t;
  TrialInfo& info = t.info;
  if (const Attribute* a = g.attribute("trial")) info.number = static_cast<int>(integer(*a).value_or(0));
  fields::trial(info, ImageMetadata{file, g, fields::Where::TrialStart, fields::Where::TrialEnd});
  const auto columns = [&](std::string_view name, std::size_t rank) {
    return readColumns(file, dataset(file, g, name, rank));
  };
  t.time_s = std::move(columns("time_s", 1)[0]);
  if (info.cue_host_time_s && g.link("host_time_s"))
    t.host_time_s = std::move(columns("host_time_s", 1)[0]);
  t.channels = columns("force_n", 2);
  for (const auto& c : t.channels)
    if (c.size() != t.time_s.size()) throw Unsupported("force_n and time_s differ in length");
  if (info.channel_names.size() != t.channels.size()) {
    info.channel_names.clear();
    for (std::size_t c = 0; c < t.channels.size(); ++c)
      info.channel_names.push_back("ch" + std::to_string(c + 1));
  }
  if (const auto raw_at = g.link("raw")) {
    const Object raw = file.object(*raw_at);
    if (!raw.dataset) throw Unsupported("raw is not a dataset");
    info.raw_is_integer = raw.dataset->type.type_class == Datatype::Class::FixedPoint;
    std::string resolution;
    if (const Attribute* a = raw.attribute("stored_resolution"))
      resolution = readString(file, *a).value_or("");
    if (resolution.rfind("1e-", 0) == 0) info.raw_decimals = std::atoi(resolution.c_str() + 3);
  }
  if (g.link("cop_mm")) t.cop_mm = columns("cop_mm", 2);
  t.events = readEvents(file, g);
  if (g.link("acquisition")) {
    const Object acquisition = group(file, g, "acquisition");
    std::vector<const Attribute*> in_order;
    for (const auto& a : acquisition.attributes) in_order.push_back(&a);
    std::stable_sort(in_order.begin(), in_order.end(), [](const Attribute* x, const Attribute* y) {
      return x->creation_order < y->creation_order;
    });
    for (const Attribute* a : in_order) {
      const auto v = integer(*a);
      if (!v) throw Unsupported("a counter that is not an integer");
      t.acquisition.emplace_back(a->name, *v);
    }
  }
  return t;
}

}  // namespace

std::optional<SessionRecord> readSessionImage(const std::filesystem::path& path) {
  auto bytes = readWhole(path);
  if (!bytes) return std::nullopt;
  try {
    const File file(std::move(*bytes));
    const Object root = file.root();
    const Attribute* version = root.attribute("schema_version");
    if (!version || integer(*version) != std::optional<std::int64_t>(kSchemaVersion))
      return std::nullopt;
    SessionRecord record;
    record.schema_version = kSchemaVersion;
    fields::session(record.info, ImageMetadata{file, root, fields::Where::Root, fields::Where::Root});
    const Object session = group(file, root, "session");
    fields::session(record.info,
                    ImageMetadata{file, session, fields::Where::Group, fields::Where::Group});
    const Object trials = group(file, root, "trials");
    auto links = trials.links;
    std::sort(links.begin(), links.end());
    for (const auto& [name, address] : links) {
      const Object g = file.object(address);
      if (g.dataset) return std::nullopt;
      record.trials.push_back(readTrial(file, g));
    }
    return record;
  } catch (const Unsupported&) {
    return std::nullopt;
  } catch (const Damaged& e) {
    throw StoreError(path.string() + ": cannot read the session (damaged: " + e.what() + ")");
  }
}

}  // namespace holdfast::store
