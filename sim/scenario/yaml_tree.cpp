#include "yaml_tree.hpp"

#include <yaml.h>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace tankersim::scenario::yaml {

namespace {
const std::string kEmpty;
const std::vector<Node::Entry> kNoEntries;
}  // namespace

const std::string& Node::Scalar() const { return d_ && d_->type == NodeType::Scalar ? d_->text : kEmpty; }

size_t Node::size() const {
  if (!d_) return 0;
  if (d_->type == NodeType::Sequence) return d_->items.size();
  if (d_->type == NodeType::Map) return d_->entries.size();
  return 0;
}

Node Node::operator[](size_t i) const {
  if (!d_ || d_->type != NodeType::Sequence || i >= d_->items.size()) return {};
  return d_->items[i];
}

Node Node::operator[](const std::string& key) const {
  if (!d_ || d_->type != NodeType::Map) return {};
  for (const auto& [k, v] : d_->entries) {
    if (k.IsScalar() && k.Scalar() == key) return v;
  }
  return {};
}

std::vector<Node::Entry>::const_iterator Node::begin() const {
  return d_ && d_->type == NodeType::Map ? d_->entries.begin() : kNoEntries.begin();
}
std::vector<Node::Entry>::const_iterator Node::end() const {
  return d_ && d_->type == NodeType::Map ? d_->entries.end() : kNoEntries.end();
}

void Node::set(const std::string& key, const Node& value) {
  if (!d_ || d_->type != NodeType::Map) throw std::logic_error("yaml::Node::set on a non-map");
  for (auto& [k, v] : d_->entries) {
    if (k.IsScalar() && k.Scalar() == key) {
      v = value;
      return;
    }
  }
  d_->entries.emplace_back(scalar(key, value.Mark()), value);
}

void Node::append(const Node& value) {
  if (d_ && d_->type == NodeType::Sequence) d_->items.push_back(value);
}

void Node::set_item(size_t i, const Node& value) {
  if (!d_ || d_->type != NodeType::Sequence || i >= d_->items.size())
    throw std::logic_error("yaml::Node::set_item out of range");
  d_->items[i] = value;
}

void Node::remove_item(size_t i) {
  if (!d_ || d_->type != NodeType::Sequence || i >= d_->items.size())
    throw std::logic_error("yaml::Node::remove_item out of range");
  d_->items.erase(d_->items.begin() + static_cast<std::ptrdiff_t>(i));
}

Node Node::clone() const {
  Node n;
  if (d_) n.d_ = std::make_shared<Data>(*d_);
  return n;
}

void Node::remove(const std::string& key) {
  if (!d_ || d_->type != NodeType::Map) return;
  std::erase_if(d_->entries, [&](const Entry& e) { return e.first.IsScalar() && e.first.Scalar() == key; });
}

Node Node::scalar(std::string text, yaml::Mark m) {
  Node n;
  n.d_ = std::make_shared<Data>();
  n.d_->type = NodeType::Scalar;
  n.d_->text = std::move(text);
  n.d_->mark = m;
  return n;
}

Node Node::map(yaml::Mark m) {
  Node n;
  n.d_ = std::make_shared<Data>();
  n.d_->type = NodeType::Map;
  n.d_->mark = m;
  return n;
}

Node Node::sequence(yaml::Mark m) {
  Node n;
  n.d_ = std::make_shared<Data>();
  n.d_->type = NodeType::Sequence;
  n.d_->mark = m;
  return n;
}

class Builder {
 public:
  static Node make(NodeType t, yaml::Mark m) {
    Node n;
    n.d_ = std::make_shared<Node::Data>();
    n.d_->type = t;
    n.d_->mark = m;
    return n;
  }
  static Node::Data& data(Node& n) { return *n.d_; }
  static const Node::Data& data(const Node& n) { return *n.d_; }
};

namespace {

struct Parser {
  yaml_parser_t p;
  explicit Parser(const std::string& text) {
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~Parser() { yaml_parser_delete(&p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

struct Event {
  yaml_event_t e{};
  bool live = false;
  ~Event() {
    if (live) yaml_event_delete(&e);
  }
};

Mark mark_of(const yaml_mark_t& m) { return {static_cast<int>(m.line), static_cast<int>(m.column)}; }

// libyaml leaves problem_mark at 0:0 for reader errors (control characters, invalid UTF-8) and
// gives the byte offset instead; the column counts characters (UTF-8 lead bytes), as the
// scanner's marks do.
Mark mark_at_offset(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  Mark m{0, 0};
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++m.line;
      line_start = i + 1;
    }
  }
  for (size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++m.column;
  }
  return m;
}

std::string parse_problem(const yaml_parser_t& p) {
  std::string problem = p.problem != nullptr ? p.problem : "parse error";
  if (p.error == YAML_READER_ERROR && p.problem_value >= 0) {
    // The value is the offending byte for UTF-8 errors and the code point for control characters.
    problem += std::string(" (got ") +
               (p.problem_value <= 0xFF && problem.find("octet") != std::string::npos
                    ? fmt::format("byte 0x{:02X}", p.problem_value)
                    : fmt::format("U+{:04X}", p.problem_value)) +
               ")";
  }
  if (p.context != nullptr) problem += std::string(" ") + p.context;
  return problem;
}

constexpr std::uint64_t kSaturated = std::uint64_t{1} << 62;  // past any limit, far from overflow

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return std::min(kSaturated, a + std::min(b, kSaturated));
}

bool is_null_scalar(const yaml_event_t& e) {
  if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  const std::string v(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

}  // namespace

Node Load(const std::string& text, int file, const Limits& limits) {
  Parser parser(text);
  std::map<std::string, Node> anchors;
  struct Frame {
    Node node;
    bool has_key = false;
    Node key;
    std::string anchor;  // registered when the node is complete, so it cannot contain itself
  };
  std::vector<Frame> stack;
  std::uint64_t alias_nodes = 0;
  Node root;
  bool done = false;
  bool seen_document = false;
  auto attach = [&](const Node& n) {
    if (stack.empty()) {
      root = n;
      return;
    }
    Frame& top = stack.back();
    auto& d = Builder::data(top.node);
    d.expanded_nodes = saturating_add(d.expanded_nodes, Builder::data(n).expanded_nodes);
    if (d.type == NodeType::Sequence) {
      d.items.push_back(n);
    } else if (!top.has_key) {
      top.key = n;
      top.has_key = true;
    } else {
      d.entries.emplace_back(top.key, n);
      top.has_key = false;
    }
  };
  auto anchor_of = [&](const unsigned char* a, const Node& n) {
    if (a != nullptr) anchors[reinterpret_cast<const char*>(a)] = n;
  };
  while (!done) {
    Event ev;
    if (!yaml_parser_parse(&parser.p, &ev.e)) {
      Mark pm = parser.p.error == YAML_READER_ERROR ? mark_at_offset(text, parser.p.problem_offset)
                                                    : mark_of(parser.p.problem_mark);
      pm.file = file;
      throw ParseError(pm, parse_problem(parser.p));
    }
    ev.live = true;
    const yaml_event_t& e = ev.e;
    Mark m = mark_of(e.start_mark);
    m.file = file;
    switch (e.type) {
      case YAML_STREAM_END_EVENT: done = true; break;
      case YAML_DOCUMENT_START_EVENT:
        if (seen_document) throw ParseError(m, "more than one YAML document (expected one scenario per file)");
        seen_document = true;
        break;
      case YAML_SCALAR_EVENT: {
        Node n = is_null_scalar(e)
                     ? Builder::make(NodeType::Null, m)
                     : Node::scalar(
                           std::string(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length), m);
        anchor_of(e.data.scalar.anchor, n);
        attach(n);
        break;
      }
      case YAML_ALIAS_EVENT: {
        const auto it = anchors.find(reinterpret_cast<const char*>(e.data.alias.anchor));
        if (it == anchors.end()) {
          throw ParseError(m, std::string("unknown alias '*") + reinterpret_cast<const char*>(e.data.alias.anchor) +
                                  "' (expected an anchor defined before, outside this node)");
        }
        alias_nodes = saturating_add(alias_nodes, Builder::data(it->second).expanded_nodes);
        if (alias_nodes > limits.max_alias_nodes) {
          // The count stops at this alias: the rest of the document is not read.
          throw ParseError(m,
                           fmt::format("aliases add at least {} nodes to the document (expected at most {}; raise with "
                                       "--max-alias-nodes)",
                                       alias_nodes, limits.max_alias_nodes),
                           ParseError::Kind::alias_expansion);
        }
        attach(it->second);  // shared, not copied
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (stack.size() >= static_cast<size_t>(kMaxDepth)) {
          throw ParseError(m, "nesting too deep", ParseError::Kind::too_deep);
        }
        const bool seq = e.type == YAML_SEQUENCE_START_EVENT;
        Node n = Builder::make(seq ? NodeType::Sequence : NodeType::Map, m);
        const unsigned char* a = seq ? e.data.sequence_start.anchor : e.data.mapping_start.anchor;
        stack.push_back({n, false, {}, a != nullptr ? reinterpret_cast<const char*>(a) : ""});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Node n = stack.back().node;
        // Regression (fuzzer, leak): "&a [x, *a]" made a node contain itself, a shared_ptr cycle
        // that leaked and that a walker would follow forever. An anchor is defined only when its
        // node ends, so *a inside &a is unknown.
        if (!stack.back().anchor.empty()) anchors[stack.back().anchor] = n;
        stack.pop_back();
        attach(n);
        break;
      }
      default: break;
    }
  }
  if (!root) return Builder::make(NodeType::Null, {0, 0});
  return root;
}

}  // namespace tankersim::scenario::yaml
