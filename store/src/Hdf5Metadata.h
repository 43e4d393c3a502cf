#pragma once
// Writes and reads the metadata fields of MetadataFields.h as HDF5 attributes: the writer and
// the reader of session files both go through these two visitors.

#include <algorithm>
#include <string>
#include <vector>

#include "Hdf5Attributes.h"
#include "MetadataFields.h"

namespace holdfast::store::h5 {

/// Writes the fields stored at `where` (on `recorded` trials, the device fields too).
struct WriteMetadata {
  H5::H5Object& obj;
  fields::Where where;
  bool recorded = true;

  template <class T>
  void operator()(const fields::Field& f, const T& v) const {
    if (f.where != where) return;
    if (f.when == fields::When::NonEmpty && !fields::isSet(v)) return;
    if (f.when == fields::When::Recorded && !recorded) return;
    put(f.hdf5, v);
  }

 private:
  void put(const char* name, const std::string& v) const { writeString(obj, name, v); }
  void put(const char* name, const std::vector<std::string>& v) const {
    writeStrings(obj, name, v);
  }
  void put(const char* name, double v) const { writeDouble(obj, name, v); }
  void put(const char* name, const std::optional<double>& v) const {
    if (v) writeDouble(obj, name, *v);
  }
  void put(const char* name, const std::optional<int>& v) const {
    if (v) writeInt(obj, name, *v);
  }
};

/// Reads the fields stored at `first` or `second` (a trial's start and end fields live in one
/// group); an absent attribute leaves the member's default.
struct ReadMetadata {
  /// The object's attribute names are listed once: a field without its attribute (most of a
  /// trial's 34 fields) is then skipped without asking HDF5, whose look-up scans the object's
  /// header each time (8 % of a batch over two-trial sessions went to those look-ups; issue 28).
  ReadMetadata(const H5::H5Object& object, fields::Where first_where, fields::Where second_where)
      : obj(object), first(first_where), second(second_where), present(attributeNames(object)) {}

  const H5::H5Object& obj;
  fields::Where first;
  fields::Where second;
  std::vector<std::string> present;

  template <class T>
  void operator()(const fields::Field& f, T& v) const {
    if (f.where != first && f.where != second) return;
    if (std::find(present.begin(), present.end(), f.hdf5) == present.end()) return;
    get(f.hdf5, v);
  }

 private:
  void get(const char* name, std::string& v) const {
    if (auto s = readString(obj, name)) v = std::move(*s);
  }
  void get(const char* name, std::vector<std::string>& v) const { v = readStrings(obj, name); }
  void get(const char* name, double& v) const {
    if (auto d = readDouble(obj, name)) v = *d;
  }
  void get(const char* name, std::optional<double>& v) const { v = readDouble(obj, name); }
  void get(const char* name, std::optional<int>& v) const {
    if (auto i = readInt(obj, name)) v = static_cast<int>(*i);
  }
};

}  // namespace holdfast::store::h5
