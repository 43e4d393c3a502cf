#include "Hdf5Attributes.h"

#include <cstring>

#include "Hdf5Handle.h"

namespace holdfast::store::h5 {
namespace {

H5::StrType utf8String() {
  H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
  t.setCset(H5T_CSET_UTF8);
  return t;
}

H5::Attribute replace(H5::H5Object& obj, const std::string& name, const H5::DataType& type,
                      const H5::DataSpace& space) {
  if (obj.attrExists(name)) obj.removeAttr(name);
  return obj.createAttribute(name, type, space);
}

}  // namespace

void writeString(H5::H5Object& obj, const std::string& name, const std::string& value) {
  const H5::StrType t = utf8String();
  H5::Attribute a = replace(obj, name, t, H5::DataSpace(H5S_SCALAR));
  a.write(t, value);
}

void writeStrings(H5::H5Object& obj, const std::string& name,
                  const std::vector<std::string>& values) {
  const H5::StrType t = utf8String();
  const hsize_t n = values.size();
  H5::Attribute a = replace(obj, name, t, H5::DataSpace(1, &n));
  std::vector<const char*> ptrs;
  for (const auto& v : values) ptrs.push_back(v.c_str());
  if (!ptrs.empty()) a.write(t, ptrs.data());
}

void writeDouble(H5::H5Object& obj, const std::string& name, double value) {
  H5::Attribute a = replace(obj, name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_DOUBLE, &value);
}

void writeInt(H5::H5Object& obj, const std::string& name, std::int64_t value) {
  H5::Attribute a = replace(obj, name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_INT64, &value);
}

std::vector<std::string> attributeNames(const H5::H5Object& obj) {
  std::vector<std::string> names;
  hsize_t at = 0;
  const auto collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  if (H5Aiterate2(obj.getId(), H5_INDEX_NAME, H5_ITER_NATIVE, &at, collect, &names) < 0)
    throw H5::AttributeIException("attributeNames", "cannot list the attributes");
  return names;
}

std::optional<std::string> readString(const H5::H5Object& obj, const std::string& name) {
  // The C API: the C++ wrappers open and copy the attribute's type three times for one
  // string, a third of reading a trial's metadata (callgrind, issue 28).
  const hid_t loc = obj.getId();
  const htri_t exists = H5Aexists(loc, name.c_str());
  if (exists < 0) throw H5::AttributeIException("readString", "cannot look up " + name);
  if (exists == 0) return std::nullopt;
  const Handle a(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose, "cannot open", name);
  const Handle type(H5Aget_type(a.get()), H5Tclose, "cannot read the type of", name);
  if (H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
  if (H5Tis_variable_str(type.get()) > 0) {
    char* text = nullptr;
    if (H5Aread(a.get(), type.get(), &text) < 0)
      throw H5::AttributeIException("readString", "cannot read " + name);
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
  }
  std::string value(H5Tget_size(type.get()), '\0');
  if (!value.empty() && H5Aread(a.get(), type.get(), value.data()) < 0)
    throw H5::AttributeIException("readString", "cannot read " + name);
  value.resize(std::strlen(value.c_str()));  // up to the first NUL of the padding
  return value;
}

std::vector<std::pair<std::string, std::int64_t>> readIntAttributes(const H5::H5Object& obj) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  hsize_t at = 0;
  // In creation order, as opening them by index gives, but in one pass over the header
  // (opening by index builds the attribute table again for each one).
  const auto read = [](hid_t loc, const char* name, const H5A_info_t*, void* data) -> herr_t {
    // No exception may cross HDF5's C iteration: a failure stops it with -1.
    const hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0) return -1;
    std::int64_t v = 0;
    const herr_t read_status = H5Aread(a, H5T_NATIVE_INT64, &v);
    H5Aclose(a);
    if (read_status < 0) return -1;
    static_cast<std::vector<std::pair<std::string, std::int64_t>>*>(data)->emplace_back(name, v);
    return 0;
  };
  if (H5Aiterate2(obj.getId(), H5_INDEX_CRT_ORDER, H5_ITER_INC, &at, read, &out) < 0)
    throw H5::AttributeIException("readIntAttributes", "cannot read the attributes");
  return out;
}

std::vector<std::string> readStrings(const H5::H5Object& obj, const std::string& name) {
  std::vector<std::string> out;
  if (!obj.attrExists(name)) return out;
  H5::Attribute a = obj.openAttribute(name);
  if (a.getTypeClass() != H5T_STRING) return out;
  const H5::StrType t = a.getStrType();
  const hssize_t n = a.getSpace().getSimpleExtentNpoints();
  if (n <= 0) return out;
  if (t.isVariableStr()) {
    std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
    a.read(t, ptrs.data());
    for (char* p : ptrs) {
      out.emplace_back(p ? p : "");
      H5free_memory(p);
    }
  } else {
    const std::size_t len = t.getSize();
    std::vector<char> buf(len * static_cast<std::size_t>(n));
    a.read(t, buf.data());
    for (hssize_t i = 0; i < n; ++i) {
      std::string s(buf.data() + static_cast<std::size_t>(i) * len, len);
      out.emplace_back(s.c_str());  // stop at the first NUL of the padding
    }
  }
  return out;
}

std::optional<double> readDouble(const H5::H5Object& obj, const std::string& name) {
  if (!obj.attrExists(name)) return std::nullopt;
  H5::Attribute a = obj.openAttribute(name);
  if (a.getTypeClass() != H5T_FLOAT && a.getTypeClass() != H5T_INTEGER) return std::nullopt;
  double v = 0.0;
  a.read(H5::PredType::NATIVE_DOUBLE, &v);
  return v;
}

std::optional<std::int64_t> readInt(const H5::H5Object& obj, const std::string& name) {
  if (!obj.attrExists(name)) return std::nullopt;
  H5::Attribute a = obj.openAttribute(name);
  if (a.getTypeClass() != H5T_INTEGER) return std::nullopt;
  std::int64_t v = 0;
  a.read(H5::PredType::NATIVE_INT64, &v);
  return v;
}

std::string describe(const H5::Exception& e) {
  std::string msg = e.getDetailMsg();
  if (msg.empty()) msg = e.getFuncName();
  return msg;
}

}  // namespace holdfast::store::h5
