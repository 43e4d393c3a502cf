#include "Hdf5Image.h"

#include <algorithm>
#include <cstring>

namespace holdfast::store::h5image {

namespace {

constexpr std::uint64_t kUndefined = ~std::uint64_t{0};
constexpr int kMaxDepth = 32;  // datatypes nested in compounds

[[noreturn]] void unsupported(const std::string& what) { throw Unsupported(what); }
[[noreturn]] void damaged(const std::string& what) { throw Damaged(what); }

/// Little-endian fields read from a bounded span; running off its end is Unsupported.
class Cursor {
 public:
  explicit Cursor(std::span<const std::uint8_t> s) : s_(s) {}

  std::uint64_t u(std::size_t n) {
    need(n);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{s_[p_ + i]} << (8 * i);
    p_ += n;
    return v;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(u(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(u(4)); }
  std::uint64_t u64() { return u(8); }
  void skip(std::size_t n) {
    need(n);
    p_ += n;
  }
  std::span<const std::uint8_t> take(std::size_t n) {
    need(n);
    auto out = s_.subspan(p_, n);
    p_ += n;
    return out;
  }
  /// A NUL-terminated name; the NUL is consumed.
  std::string cstring() {
    const auto* begin = s_.data() + p_;
    const auto* end = static_cast<const std::uint8_t*>(std::memchr(begin, 0, s_.size() - p_));
    if (end == nullptr) damaged("a name without its terminator");
    std::string out(reinterpret_cast<const char*>(begin), static_cast<std::size_t>(end - begin));
    p_ += out.size() + 1;
    return out;
  }
  void alignFrom(std::size_t start, std::size_t to) {
    const std::size_t used = p_ - start;
    skip((to - used % to) % to);
  }
  [[nodiscard]] std::size_t pos() const { return p_; }
  [[nodiscard]] std::size_t left() const { return s_.size() - p_; }

 private:
  void need(std::size_t n) const {
    if (n > s_.size() - p_) damaged("a structure runs off its block");
  }
  std::span<const std::uint8_t> s_;
  std::size_t p_ = 0;
};

/// Refuses a block read twice: a damaged pointer may lead back to where it came from.
void visit(std::vector<std::uint64_t>& visited, std::uint64_t address) {
  if (std::find(visited.begin(), visited.end(), address) != visited.end())
    damaged("a structure that points back into itself");
  if (visited.size() > 100'000) unsupported("too many blocks");
  visited.push_back(address);
}

bool signature(std::span<const std::uint8_t> s, const char (&sig)[5]) {
  return s.size() >= 4 && std::memcmp(s.data(), sig, 4) == 0;
}

std::vector<std::uint64_t> parseDataspace(Cursor& c, std::uint64_t& count) {
  const unsigned version = c.u8();
  const unsigned rank = c.u8();
  const unsigned flags = c.u8();
  bool null_space = false;
  if (version == 1) {
    c.skip(5);
  } else if (version == 2) {
    null_space = c.u8() == 2;
  } else {
    unsupported("dataspace version " + std::to_string(version));
  }
  std::vector<std::uint64_t> dims(rank);
  for (auto& d : dims) d = c.u64();
  if (flags & 1) c.skip(8 * rank);                    // maximum dimensions
  if (version == 1 && (flags & 2)) c.skip(8 * rank);  // permutation
  count = 1;
  for (auto d : dims) count *= d;
  if (null_space) count = 0;
  return dims;
}

Datatype parseDatatype(Cursor& c, int depth) {
  if (depth > kMaxDepth) unsupported("datatypes nested too deep");
  const unsigned head = c.u8();
  const unsigned type_class = head & 0x0f, version = head >> 4;
  const auto bits = static_cast<std::uint32_t>(c.u(3));
  Datatype t;
  t.size = c.u32();
  switch (type_class) {
    case 0: {  // fixed-point: little-endian, all bits significant
      if (bits & 1) unsupported("a big-endian integer");
      t.type_class = Datatype::Class::FixedPoint;
      t.is_signed = (bits & 8) != 0;
      const unsigned offset = c.u16(), precision = c.u16();
      if (offset != 0 || precision != 8 * t.size || (t.size != 4 && t.size != 8 && t.size != 1 &&
                                                      t.size != 2))
        unsupported("an integer with padding bits");
      return t;
    }
    case 1: {  // IEEE binary32 or binary64, little-endian
      if (bits & 0x41) unsupported("a big-endian or VAX float");
      t.type_class = Datatype::Class::FloatingPoint;
      const unsigned offset = c.u16(), precision = c.u16();
      const unsigned exp_at = c.u8(), exp_bits = c.u8(), mant_at = c.u8(), mant_bits = c.u8();
      const std::uint32_t bias = c.u32();
      const bool f64 = t.size == 8 && precision == 64 && exp_at == 52 && exp_bits == 11 &&
                       mant_at == 0 && mant_bits == 52 && bias == 1023;
      const bool f32 = t.size == 4 && precision == 32 && exp_at == 23 && exp_bits == 8 &&
                       mant_at == 0 && mant_bits == 23 && bias == 127;
      if (offset != 0 || !(f64 || f32)) unsupported("a float that is not IEEE 754");
      return t;
    }
    case 3:  // fixed-length string: read up to its first NUL whatever its padding
      t.type_class = Datatype::Class::String;
      return t;
    case 6: {  // compound
      t.type_class = Datatype::Class::Compound;
      const unsigned members = bits & 0xffff;
      const std::size_t offset_bytes = t.size < (1u << 8)    ? 1
                                       : t.size < (1u << 16) ? 2
                                       : t.size < (1u << 24) ? 3
                                                             : 4;
      for (unsigned m = 0; m < members; ++m) {
        Datatype::Member member;
        const std::size_t name_at = c.pos();
        member.name = c.cstring();
        if (version < 3) c.alignFrom(name_at, 8);
        if (version < 3) {
          member.offset = c.u32();
          if (version == 1) {
            const unsigned dimensionality = c.u8();
            c.skip(3 + 4 + 4 + 16);
            if (dimensionality != 0) unsupported("an array member");
          }
        } else {
          member.offset = c.u(offset_bytes);
        }
        member.type = parseDatatype(c, depth + 1);
        if (member.offset + member.type.size > t.size) damaged("a member outside its compound");
        t.members.push_back(std::move(member));
      }
      return t;
    }
    case 9: {  // variable-length: strings only
      if ((bits & 0x0f) != 1) unsupported("a variable-length sequence");
      (void)parseDatatype(c, depth + 1);  // the base type (characters)
      if (t.size != 16) unsupported("a variable-length element that is not 16 bytes");
      t.type_class = Datatype::Class::VariableString;
      return t;
    }
    default:
      unsupported("datatype class " + std::to_string(type_class));
  }
}

Attribute parseAttribute(std::span<const std::uint8_t> body) {
  Cursor c(body);
  const unsigned version = c.u8();
  if (version < 1 || version > 3) unsupported("attribute message version " + std::to_string(version));
  const unsigned flags = c.u8();
  if (version >= 2 && (flags & 3)) unsupported("a shared attribute datatype or dataspace");
  const std::size_t name_size = c.u16(), type_size = c.u16(), space_size = c.u16();
  if (version == 3) c.skip(1);  // character set of the name
  const auto pad = [&](std::size_t n) { return version == 1 ? (n + 7) / 8 * 8 : n; };
  Attribute a;
  {
    Cursor name(c.take(pad(name_size)));
    a.name = name.cstring();
  }
  {
    Cursor type(c.take(pad(type_size)));
    a.type = parseDatatype(type, 0);
  }
  {
    Cursor space(c.take(pad(space_size)));
    (void)parseDataspace(space, a.count);
  }
  a.data = c.take(static_cast<std::size_t>(a.count * a.type.size));
  return a;
}

/// A link info or attribute info message: version 0, flags (bit 0: a maximum creation index of
/// `index_bytes` follows), then the fractal heap of dense storage, which must be undefined (the
/// links or attributes are messages of the header itself).
void requireCompactStorage(Cursor& c, std::size_t index_bytes, const std::string& what) {
  if (c.u8() != 0) unsupported("the version of the info message of " + what);
  if (c.u8() & 1) c.skip(index_bytes);
  if (c.u64() != kUndefined) unsupported("dense storage of " + what);
}

Dataset& datasetOf(Object& out) {
  if (!out.dataset) out.dataset.emplace();
  return *out.dataset;
}

/// A version 1 B-tree node's header (signature, node type, level, entries, siblings); the
/// cursor is left at its first key.
struct Node {
  Cursor c;
  int level = 0;
  unsigned entries = 0;
};

Node readNode(const File& file, std::uint64_t address, unsigned type, int expected_level,
              std::vector<std::uint64_t>& visited) {
  visit(visited, address);
  Node n{Cursor(file.from(address))};
  if (!signature(n.c.take(4), "TREE") || n.c.u8() != type) damaged("B-tree node");
  n.level = n.c.u8();
  if (expected_level >= 0 && n.level != expected_level) damaged("B-tree levels");
  n.entries = n.c.u16();
  n.c.skip(16);  // siblings
  return n;
}

}  // namespace

const Attribute* Object::attribute(std::string_view name) const {
  for (const auto& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

std::optional<std::uint64_t> Object::link(std::string_view name) const {
  for (const auto& [n, address] : links)
    if (n == name) return address;
  return std::nullopt;
}

File::File(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {
  static constexpr std::uint8_t kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  if (bytes_.size() < 96 || std::memcmp(bytes_.data(), kSignature, 8) != 0)
    unsupported("no superblock at the start of the file");
  Cursor c(bytes_);
  c.skip(8);
  const unsigned version = c.u8();
  std::uint64_t base = 0, eof = 0;
  if (version <= 1) {
    c.skip(4);
    if (c.u8() != 8 || c.u8() != 8) unsupported("offsets or lengths that are not 8 bytes");
    c.skip(1 + 2 + 2 + 4 + (version == 1 ? 4 : 0));
    base = c.u64();
    c.skip(8);  // free-space information
    eof = c.u64();
    c.skip(8);  // driver information
    c.skip(8);  // root's link name offset
    root_ = c.u64();
  } else if (version <= 3) {
    if (c.u8() != 8 || c.u8() != 8) unsupported("offsets or lengths that are not 8 bytes");
    c.skip(1);
    base = c.u64();
    c.skip(8);  // superblock extension
    eof = c.u64();
    root_ = c.u64();
    const std::uint32_t stored = c.u32();
    if (lookup3(std::span(bytes_).first(44)) != stored) damaged("superblock checksum");
  } else {
    unsupported("superblock version " + std::to_string(version));
  }
  if (base != 0) unsupported("a base address other than 0");
  if (eof > bytes_.size()) damaged("a truncated file");
}

std::span<const std::uint8_t> File::from(std::uint64_t address) const {
  return bytes(address, bytes_.size() - std::min<std::uint64_t>(address, bytes_.size()));
}

std::span<const std::uint8_t> File::bytes(std::uint64_t address, std::uint64_t size) const {
  if (address > bytes_.size() || size > bytes_.size() - address)
    damaged("an address beyond the end of the file");
  return std::span(bytes_).subspan(static_cast<std::size_t>(address),
                                   static_cast<std::size_t>(size));
}

Object File::object(std::uint64_t address) const {
  Object out;
  if (signature(bytes(address, 4), "OHDR")) {
    Cursor c(from(address));
    c.skip(4);
    if (c.u8() != 2) unsupported("object header version");
    const unsigned flags = c.u8();
    if (flags & 0x20) c.skip(16);  // access, modification, change and birth times
    if (flags & 0x10) c.skip(4);   // attribute storage phase change values
    const std::uint64_t size = c.u(std::size_t{1} << (flags & 3));
    const std::uint64_t start = address + c.pos();
    const auto block = bytes(address, c.pos() + size + 4);
    Cursor sum(block.subspan(block.size() - 4));
    if (lookup3(block.first(block.size() - 4)) != sum.u32()) damaged("object header checksum");
    out.creation_order_tracked = (flags & 4) != 0;
    std::vector<std::uint64_t> visited{address};
    readMessages(start, size, 2, out.creation_order_tracked, out, visited);
  } else {
    Cursor c(bytes(address, 16));
    if (c.u8() != 1) unsupported("object header version");
    c.skip(1 + 2 + 4);
    const std::uint64_t size = c.u32();
    std::vector<std::uint64_t> visited{address};
    readMessages(address + 16, size, 1, false, out, visited);
  }
  return out;
}

void File::readMessages(std::uint64_t address, std::uint64_t size, int header_version,
                        bool track_order, Object& out, std::vector<std::uint64_t>& visited) const {
  Cursor c(bytes(address, size));
  std::vector<std::pair<std::uint64_t, std::uint64_t>> more;
  const std::size_t prefix = header_version == 1 ? 8 : (track_order ? 6 : 4);
  while (c.left() >= prefix) {
    unsigned type = 0, flags = 0;
    std::size_t length = 0;
    std::uint32_t order = 0;
    if (header_version == 1) {
      type = c.u16();
      length = c.u16();
      flags = c.u8();
      c.skip(3);
    } else {
      type = c.u8();
      length = c.u16();
      flags = c.u8();
      if (track_order) order = c.u16();
    }
    const auto body = c.take(length);
    if ((flags & 2) && type != 0) unsupported("a shared message");
    readMessage(type, body, order, out, more);
    (void)flags;
  }
  for (const auto& [at, length] : more) {
    visit(visited, at);
    if (header_version == 1) {
      readMessages(at, length, 1, track_order, out, visited);
    } else {
      const auto block = bytes(at, length);
      if (length < 8 || !signature(block, "OCHK")) damaged("continuation block signature");
      Cursor sum(block.subspan(block.size() - 4));
      if (lookup3(block.first(block.size() - 4)) != sum.u32())
        damaged("continuation block checksum");
      readMessages(at + 4, length - 8, 2, track_order, out, visited);
    }
  }
}

void File::readMessage(unsigned type, std::span<const std::uint8_t> body, std::uint32_t order,
                       Object& out,
                       std::vector<std::pair<std::uint64_t, std::uint64_t>>& more) const {
  Cursor c(body);
  switch (type) {
    case 0x00:  // NIL
    case 0x04:  // old fill value
    case 0x05:  // fill value (chunks that were never written are refused below instead)
    case 0x0a:  // group info
    case 0x0d:  // comment
    case 0x0e:  // old modification time
    case 0x12:  // modification time
    case 0x16:  // reference count
      return;
    case 0x01: {
      std::uint64_t count = 0;
      datasetOf(out).dims = parseDataspace(c, count);
      return;
    }
    case 0x03:
      datasetOf(out).type = parseDatatype(c, 0);
      return;
    case 0x02:  // link info (its maximum creation index: 8 bytes)
      requireCompactStorage(c, 8, "links");
      return;
    case 0x15:  // attribute info (its maximum creation index: 2 bytes)
      requireCompactStorage(c, 2, "attributes");
      return;
    case 0x06: {  // link: hard links only
      if (c.u8() != 1) unsupported("link message version");
      const unsigned flags = c.u8();
      unsigned link_type = 0;
      if (flags & 0x08) link_type = c.u8();
      if (flags & 0x04) c.skip(8);
      if (flags & 0x10) c.skip(1);
      const std::size_t name_length = c.u(std::size_t{1} << (flags & 3));
      const auto name = c.take(name_length);
      if (link_type != 0) unsupported("a soft or external link");
      out.links.emplace_back(std::string(name.begin(), name.end()), c.u64());
      return;
    }
    case 0x08: {  // data layout: chunked, version 3
      if (c.u8() != 3) unsupported("data layout version");
      if (c.u8() != 2) unsupported("a dataset that is not chunked");
      const unsigned dimensionality = c.u8();
      Dataset& ds = datasetOf(out);
      ds.chunk_index = c.u64();
      if (dimensionality < 2) unsupported("chunk dimensions");
      ds.chunk_dims.resize(dimensionality - 1);
      for (auto& d : ds.chunk_dims) {
        d = c.u32();
        if (d == 0) unsupported("an empty chunk dimension");
      }
      (void)c.u32();  // element size
      return;
    }
    case 0x0b: {  // filter pipeline
      const unsigned version = c.u8();
      if (version != 1 && version != 2) unsupported("filter pipeline version");
      const unsigned n = c.u8();
      if (version == 1) c.skip(6);
      Dataset& ds = datasetOf(out);
      for (unsigned i = 0; i < n; ++i) {
        Filter f;
        f.id = c.u16();
        const std::size_t name_length = (version == 1 || f.id >= 256) ? c.u16() : 0;
        (void)c.u16();  // flags (optional or not: a skipped filter shows in the chunk's mask)
        const unsigned values = c.u16();
        c.skip(name_length);
        for (unsigned v = 0; v < values; ++v) f.client_data.push_back(c.u32());
        if (version == 1 && (values % 2)) c.skip(4);
        if (f.id != 1 && f.id != 2 && f.id != 6) unsupported("filter " + std::to_string(f.id));
        ds.filters.push_back(std::move(f));
      }
      return;
    }
    case 0x0c: {
      Attribute a = parseAttribute(body);
      a.creation_order = order;
      out.attributes.push_back(std::move(a));
      return;
    }
    case 0x10: {  // continuation: offset, then length (two statements: argument order is free)
      const std::uint64_t at = c.u64();
      const std::uint64_t length = c.u64();
      more.emplace_back(at, length);
      return;
    }
    case 0x11: {
      const std::uint64_t btree = c.u64(), heap = c.u64();
      readSymbolTable(btree, heap, out);
      return;
    }
    default:
      unsupported("object header message " + std::to_string(type));
  }
}

void File::readSymbolTable(std::uint64_t btree, std::uint64_t heap, Object& out) const {
  Cursor h(bytes(heap, 32));
  if (!signature(h.take(4), "HEAP")) damaged("local heap signature");
  h.skip(4);
  const std::uint64_t heap_size = h.u64();
  h.skip(8);
  const auto names = bytes(h.u64(), heap_size);
  // Depth-first over the group B-tree: inner nodes lead to nodes, leaves to symbol nodes.
  std::vector<std::uint64_t> visited;
  const auto walk = [&](auto&& self, std::uint64_t address, int expected_level) -> void {
    Node n = readNode(*this, address, 0, expected_level, visited);
    n.c.skip(8);  // key 0
    for (unsigned e = 0; e < n.entries; ++e) {
      const std::uint64_t child = n.c.u64();
      n.c.skip(8);  // key e + 1
      if (n.level > 0) {
        self(self, child, n.level - 1);
        continue;
      }
      visit(visited, child);
      Cursor s(from(child));
      if (!signature(s.take(4), "SNOD")) damaged("symbol table node signature");
      s.skip(2);
      const unsigned symbols = s.u16();
      for (unsigned i = 0; i < symbols; ++i) {
        const std::uint64_t name_at = s.u64(), header = s.u64();
        s.skip(24);
        if (name_at >= names.size()) damaged("a name beyond its heap");
        Cursor name(names.subspan(static_cast<std::size_t>(name_at)));
        out.links.emplace_back(name.cstring(), header);
      }
    }
  };
  walk(walk, btree, -1);
}

std::vector<Chunk> File::chunks(const Dataset& ds) const {
  std::vector<Chunk> out;
  std::vector<std::uint64_t> visited;
  if (ds.chunk_index != kUndefined)
    collectChunks(ds.chunk_index, ds.chunk_dims.size() + 1, -1, out, visited);
  return out;
}

void File::collectChunks(std::uint64_t address, std::size_t dims, int expected_level,
                         std::vector<Chunk>& out, std::vector<std::uint64_t>& visited) const {
  Node n = readNode(*this, address, 1, expected_level, visited);
  Cursor& c = n.c;
  for (unsigned e = 0; e < n.entries; ++e) {
    Chunk k;
    k.size = c.u32();
    k.filter_mask = c.u32();
    k.offset.resize(dims - 1);
    for (auto& o : k.offset) o = c.u64();
    c.skip(8);  // the element dimension's offset, always 0
    k.address = c.u64();
    if (n.level > 0) {
      collectChunks(k.address, dims, n.level - 1, out, visited);
    } else {
      out.push_back(std::move(k));
    }
  }
}

std::string File::variableString(std::span<const std::uint8_t> element) const {
  Cursor c(element);
  const std::uint32_t length = c.u32();
  const std::uint64_t collection = c.u64();
  const std::uint32_t index = c.u32();
  if (length == 0) return {};
  Cursor head(bytes(collection, 16));
  if (!signature(head.take(4), "GCOL")) damaged("global heap signature");
  head.skip(4);
  Cursor g(bytes(collection, head.u64()));
  g.skip(16);
  while (g.left() >= 16) {
    const unsigned id = g.u16();
    g.skip(6);
    const std::uint64_t size = g.u64();
    if (id == 0) break;  // the free space at the end of the collection
    const auto data = g.take(static_cast<std::size_t>(size));
    g.skip(std::min<std::size_t>(g.left(), (8 - size % 8) % 8));
    if (id != index) continue;
    if (length > data.size()) damaged("a string longer than its heap object");
    const auto* text = reinterpret_cast<const char*>(data.data());
    return std::string(text, strnlen(text, length));
  }
  damaged("a string missing from its heap");
}

std::uint32_t lookup3(std::span<const std::uint8_t> data) {
  const auto rot = [](std::uint32_t x, int k) { return (x << k) | (x >> (32 - k)); };
  std::uint32_t a, b, c;
  a = b = c = 0xdeadbeef + static_cast<std::uint32_t>(data.size());
  const std::uint8_t* k = data.data();
  std::size_t length = data.size();
  const auto word = [&](std::size_t at) {
    return std::uint32_t{k[at]} | std::uint32_t{k[at + 1]} << 8 | std::uint32_t{k[at + 2]} << 16 |
           std::uint32_t{k[at + 3]} << 24;
  };
  while (length > 12) {
    a += word(0);
    b += word(4);
    c += word(8);
    a -= c; a ^= rot(c, 4);  c += b;
    b -= a; b ^= rot(a, 6);  a += c;
    c -= b; c ^= rot(b, 8);  b += a;
    a -= c; a ^= rot(c, 16); c += b;
    b -= a; b ^= rot(a, 19); a += c;
    c -= b; c ^= rot(b, 4);  b += a;
    length -= 12;
    k += 12;
  }
  if (length == 0) return c;
  // The last 1-12 bytes, little-endian into a, b, c (the byte-wise form of hashlittle).
  std::uint32_t tail[3] = {0, 0, 0};
  for (std::size_t i = 0; i < length; ++i) tail[i / 4] |= std::uint32_t{k[i]} << (8 * (i % 4));
  a += tail[0];
  b += tail[1];
  c += tail[2];
  c ^= b; c -= rot(b, 14);
  a ^= c; a -= rot(c, 11);
  b ^= a; b -= rot(a, 25);
  c ^= b; c -= rot(b, 16);
  a ^= c; a -= rot(c, 4);
  b ^= a; b -= rot(a, 14);
  c ^= b; c -= rot(b, 24);
  return c;
}

}  // namespace holdfast::store::h5image
