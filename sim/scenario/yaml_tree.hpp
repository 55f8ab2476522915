#pragma once
// A small YAML document tree built from libyaml's event parser, private to the scenario module.
//
// Why not yaml-cpp's Node: on a 1,000-vessel scenario (615 KB) yaml-cpp 0.7 spent 1.5e9
// instructions (~300 ms) in YAML::Load alone (callgrind), over the 250 ms budget for the whole
// load; libyaml parses the same file in a tenth of that. The tree keeps what the loader needs:
// line/column marks on every node, aliases shared rather than copied, the size an alias expands
// to counted while parsing (so an alias bomb is refused before anything walks it), and a depth
// limit. A shared node is copied before it is changed (Node::clone), so that changing one path
// of the document never changes another path that aliases the same text.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tankersim::scenario::yaml {

struct Mark {
  int line = -1;    ///< 0-based
  int column = -1;  ///< 0-based
  int file = 0;     ///< which text: 0 the scenario, k the k-th overlay
};

enum class NodeType { Undefined, Null, Scalar, Sequence, Map };

class ParseError : public std::runtime_error {
 public:
  enum class Kind { syntax, too_deep, alias_expansion };
  ParseError(Mark m, const std::string& what, Kind k = Kind::syntax) : std::runtime_error(what), mark(m), kind(k) {}
  Mark mark;
  Kind kind;
};

inline constexpr int kMaxDepth = 200;

struct Limits {
  /// Nodes that aliases may add to the document beyond those written in it: each alias counts
  /// the whole expanded size of what it repeats (nested aliases included).
  std::uint64_t max_alias_nodes = 1'000'000;
};

class Node {
 public:
  Node() = default;
  NodeType Type() const { return d_ ? d_->type : NodeType::Undefined; }
  bool IsDefined() const { return d_ != nullptr; }
  explicit operator bool() const { return IsDefined(); }
  bool IsNull() const { return Type() == NodeType::Null; }
  bool IsScalar() const { return Type() == NodeType::Scalar; }
  bool IsSequence() const { return Type() == NodeType::Sequence; }
  bool IsMap() const { return Type() == NodeType::Map; }
  /// Scalar text; "" for null and other kinds.
  const std::string& Scalar() const;
  yaml::Mark Mark() const { return d_ ? d_->mark : yaml::Mark{}; }
  size_t size() const;
  /// Sequence element, or an undefined node.
  Node operator[](size_t i) const;
  /// Map value for a scalar key, or an undefined node.
  Node operator[](const std::string& key) const;
  Node operator[](const char* key) const { return (*this)[std::string(key)]; }

  using Entry = std::pair<Node, Node>;
  std::vector<Entry>::const_iterator begin() const;
  std::vector<Entry>::const_iterator end() const;

  /// Sets (or adds) a map entry; the node must be a map.
  void set(const std::string& key, const Node& value);
  /// Appends to a sequence.
  void append(const Node& value);
  /// Removes a map entry if present.
  void remove(const std::string& key);
  /// Removes a sequence element; i must be below size().
  void remove_item(size_t i);
  /// Replaces a sequence element; i must be below size().
  void set_item(size_t i, const Node& value);
  /// Makes this handle refer to other's node.
  void reset(const Node& other) { d_ = other.d_; }
  /// A new node with this one's type, text, mark and (shared) children: what a change to one
  /// path copies, level by level, so that other paths sharing the original stay as they were.
  Node clone() const;

  static Node scalar(std::string text, yaml::Mark m);
  /// An empty map, for a --set that names a key inside a mapping the document left out.
  static Node map(yaml::Mark m);
  /// An empty sequence, for an overlay's named list that the scenario leaves out.
  static Node sequence(yaml::Mark m);

 private:
  friend class Builder;
  struct Data {
    NodeType type = NodeType::Null;
    std::string text;
    std::vector<Node> items;
    std::vector<Entry> entries;
    yaml::Mark mark;
    std::uint64_t expanded_nodes = 1;  ///< this node and everything below it, aliases expanded
  };
  std::shared_ptr<Data> d_;
};

/// Parses one YAML document (an empty text gives a Null node); every mark gets `file`. Throws
/// ParseError, with the position of the offending byte for reader errors (control characters,
/// invalid UTF-8) too, and at the alias that takes the expansion past limits.max_alias_nodes.
Node Load(const std::string& text, int file = 0, const Limits& limits = {});

}  // namespace tankersim::scenario::yaml
