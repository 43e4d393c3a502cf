#pragma once
// A session file held in memory and read without the HDF5 library: the subset of the HDF5 file
// format (HDF5 File Format Specification, version 3.0, hdfgroup.org) that Holdfast's own writer
// produces (docs/store.md, "Reading a session for its analysis without the HDF5 library").
// Why by hand: for a two-trial session the library's per-object machinery (metadata cache,
// identifiers, property lists) cost 0.4 ms a file, twice the analysis and inflating together,
// and a batch reads thousands of files (perf, issue 28). The library stays the reference:
// anything outside this subset (another superblock, dense attribute storage, a shared message,
// a filter other than deflate, shuffle and scale-offset) throws Unsupported, and the caller
// reads the file with the library instead; a file that contradicts itself throws Damaged.
//
// What is read: superblocks 0-3, object headers 1 and 2 (with continuations, checksums
// checked), old-style (symbol table) and compact new-style groups, compact attributes
// (versions 1-3), dataspaces, the fixed-point, floating-point, string, variable-length string
// and compound datatypes, the global heap of variable-length strings, and chunked datasets
// (layout version 3, version 1 B-tree chunk index).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace holdfast::store::h5image {

/// The file uses something this reader does not read: read it with the HDF5 library.
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The file contradicts itself (a structure running off its block or the file, a checksum or a
/// signature that does not match, a chunk that does not inflate, a heap object longer than its
/// heap): it is damaged, and is refused rather than handed to the library, which crashes on some
/// such damage (a global heap's objects: H5HG_read copies past them, HDF5 1.10.8).
struct Damaged : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Datatype {
  enum class Class { FixedPoint, FloatingPoint, String, VariableString, Compound };
  struct Member;
  Class type_class = Class::FixedPoint;
  std::size_t size = 0;       ///< bytes of one element in the file
  bool is_signed = false;     ///< fixed-point
  std::vector<Member> members;  ///< compound, in the file's order
};

struct Datatype::Member {
  std::string name;
  std::size_t offset = 0;
  Datatype type;
};

struct Attribute {
  std::string name;
  Datatype type;
  std::uint64_t count = 1;     ///< elements (1 for a scalar)
  std::span<const std::uint8_t> data;
  std::uint32_t creation_order = 0;
};

struct Filter {
  std::uint16_t id = 0;  ///< 1 deflate, 2 shuffle, 6 scale-offset
  std::vector<std::uint32_t> client_data;
};

/// One stored chunk, from the chunk index.
struct Chunk {
  std::uint64_t address = 0;
  std::uint32_t size = 0;         ///< bytes as stored (filtered)
  std::uint32_t filter_mask = 0;  ///< a set bit: that filter was skipped for this chunk
  std::vector<std::uint64_t> offset;  ///< first element, per dimension
};

struct Dataset {
  Datatype type;
  std::vector<std::uint64_t> dims;        ///< current extent
  std::vector<std::uint64_t> chunk_dims;  ///< rows (and columns) of a chunk
  std::uint64_t chunk_index = 0;          ///< address of the version 1 B-tree
  std::vector<Filter> filters;            ///< in pipeline order (applied in reverse on reading)
};

/// A group or a dataset: its links (groups), its dataset description (datasets) and its
/// attributes.
struct Object {
  std::vector<std::pair<std::string, std::uint64_t>> links;  ///< name, object header address
  std::vector<Attribute> attributes;
  bool creation_order_tracked = false;  ///< the attributes carry their creation order
  std::optional<Dataset> dataset;

  [[nodiscard]] const Attribute* attribute(std::string_view name) const;
  [[nodiscard]] std::optional<std::uint64_t> link(std::string_view name) const;
};

class File {
 public:
  /// Takes the file's bytes; reads the superblock. Throws Unsupported.
  explicit File(std::vector<std::uint8_t> bytes);

  [[nodiscard]] Object root() const { return object(root_); }
  /// The object whose header is at `address`. Throws Unsupported.
  [[nodiscard]] Object object(std::uint64_t address) const;
  /// The text of a variable-length string element (16 bytes in the file: length, heap
  /// collection, object index), up to its first NUL as the library's readers give it.
  [[nodiscard]] std::string variableString(std::span<const std::uint8_t> element) const;
  /// Every chunk of the dataset, from its index.
  [[nodiscard]] std::vector<Chunk> chunks(const Dataset& ds) const;
  /// `size` bytes at `address`, checked against the file's end.
  [[nodiscard]] std::span<const std::uint8_t> bytes(std::uint64_t address,
                                                    std::uint64_t size) const;
  /// The bytes from `address` to the end of the file.
  [[nodiscard]] std::span<const std::uint8_t> from(std::uint64_t address) const;

 private:
  /// `visited`: the blocks of this header already read (a damaged continuation that points
  /// back is refused, not followed again).
  void readMessages(std::uint64_t address, std::uint64_t size, int header_version,
                    bool track_order, Object& out, std::vector<std::uint64_t>& visited) const;
  void readMessage(unsigned type, std::span<const std::uint8_t> body, std::uint32_t order,
                   Object& out, std::vector<std::pair<std::uint64_t, std::uint64_t>>& more) const;
  void readSymbolTable(std::uint64_t btree, std::uint64_t heap, Object& out) const;
  /// `level`: the level the node must have (its parent's less one; -1 for the root);
  /// `visited`: the nodes already read, so that a damaged index costs at most the file's size.
  void collectChunks(std::uint64_t node, std::size_t dims, int level, std::vector<Chunk>& out,
                     std::vector<std::uint64_t>& visited) const;

  std::vector<std::uint8_t> bytes_;
  std::uint64_t root_ = 0;
};

/// HDF5's metadata checksum: Bob Jenkins' lookup3 `hashlittle` with an initial value of 0
/// (the HDF5 specification, "Checksum"; burtleburtle.net/bob/c/lookup3.c).
[[nodiscard]] std::uint32_t lookup3(std::span<const std::uint8_t> data);

}  // namespace holdfast::store::h5image
