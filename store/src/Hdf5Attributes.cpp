#include "Hdf5Attributes.h"

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
  if (!obj.attrExists(name)) return std::nullopt;
  H5::Attribute a = obj.openAttribute(name);
  if (a.getTypeClass() != H5T_STRING) return std::nullopt;
  std::string value;
  a.read(a.getStrType(), value);
  return value;
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
