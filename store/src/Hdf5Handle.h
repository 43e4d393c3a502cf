#pragma once
// An HDF5 C identifier closed when it goes out of scope, for the C calls the C++ API does not
// wrap (attribute copies in their own type) or wraps at a cost (a string attribute's type
// opened three times). A negative identifier is an error naming what failed and on what.

#include <H5Cpp.h>

#include <string>

namespace holdfast::store::h5 {

class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t), const char* what, const std::string& name)
      : id_(id), close_(close) {
    if (id_ < 0) throw H5::AttributeIException("Handle", std::string(what) + " " + name);
  }
  ~Handle() { close_(id_); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  [[nodiscard]] hid_t get() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

}  // namespace holdfast::store::h5
