#include "harness/common/located_json.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <vector>

namespace rwchaos::harness {
namespace {

// A char iterator that stores, on every step, how far it has got: the SAX handler reads that to
// learn where the token it is told about ended.
struct CountingIterator {
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* at = nullptr;
  std::size_t* reached = nullptr;

  reference operator*() const { return *at; }
  CountingIterator& operator++() {
    ++at;
    if (reached) ++*reached;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator& other) const { return at == other.at; }
  bool operator!=(const CountingIterator& other) const { return at != other.at; }
};

class LineTable {
 public:
  explicit LineTable(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  JsonPosition at(std::size_t offset) const {
    const auto next = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const auto line = static_cast<std::size_t>(next - starts_.begin());  // 1-based
    return {static_cast<int>(line), static_cast<int>(offset - starts_[line - 1] + 1)};
  }

 private:
  std::vector<std::size_t> starts_;
};

std::string escape_segment(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Records where each member key and array element starts; the values themselves come from a
// normal parse.
class PositionRecorder : public nlohmann::json_sax<nlohmann::json> {
 public:
  PositionRecorder(std::string_view text, const std::size_t& reached, std::map<std::string, JsonPosition>& out)
      : text_(text), reached_(reached), lines_(text), out_(out) {}

  bool null() override { return scalar(literal_start(4)); }
  bool boolean(bool value) override { return scalar(literal_start(value ? 4 : 5)); }
  bool number_integer(number_integer_t) override { return scalar(number_start()); }
  bool number_unsigned(number_unsigned_t) override { return scalar(number_start()); }
  bool number_float(number_float_t, const string_t&) override { return scalar(number_start()); }
  bool string(string_t&) override { return scalar(string_start()); }
  bool binary(binary_t&) override { return scalar(reached_); }
  bool start_object(std::size_t) override { return open(false); }
  bool key(string_t& key) override {
    frames_.back().key = key;
    out_[pointer()] = lines_.at(string_start());
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;
    std::string key;
  };

  std::string pointer() const {
    std::string out;
    for (const auto& frame : frames_)
      out += "/" + (frame.array ? std::to_string(frame.index) : escape_segment(frame.key));
    return out;
  }
  // An array element is recorded where it starts; a member was already recorded at its key.
  void element(std::size_t start) {
    if (frames_.empty()) {
      out_[""] = lines_.at(start);
      return;
    }
    if (frames_.back().array) out_[pointer()] = lines_.at(start);
  }
  bool scalar(std::size_t start) {
    element(start);
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
  bool open(bool array) {
    element(reached_ == 0 ? 0 : reached_ - 1);
    frames_.push_back({array, 0, {}});
    return true;
  }
  bool close() {
    frames_.pop_back();
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }

  // The lexer has just read a string's closing quote: find the opening one.
  std::size_t string_start() const {
    if (reached_ < 2) return 0;
    for (std::size_t i = reached_ - 2; i > 0; --i) {
      if (text_[i] != '"') continue;
      std::size_t slashes = 0;
      while (i > slashes && text_[i - 1 - slashes] == '\\') ++slashes;
      if (slashes % 2 == 0) return i;
    }
    return 0;
  }
  // The lexer reads one byte past a number (unless the text ends there).
  std::size_t number_start() const {
    const auto numeric = [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; };
    std::size_t end = reached_;
    if (end > 0 && !numeric(text_[end - 1])) --end;
    while (end > 0 && numeric(text_[end - 1])) --end;
    return end;
  }
  std::size_t literal_start(std::size_t length) const { return reached_ >= length ? reached_ - length : 0; }

  std::string_view text_;
  const std::size_t& reached_;
  LineTable lines_;
  std::map<std::string, JsonPosition>& out_;
  std::vector<Frame> frames_;
};

}  // namespace

JsonPosition LocatedJson::at(std::string pointer) const {
  for (;;) {
    if (const auto found = positions.find(pointer); found != positions.end()) return found->second;
    if (pointer.empty()) return {1, 1};
    pointer.erase(pointer.rfind('/'));
  }
}

LocatedJson parse_located_json(std::string_view text) {
  LocatedJson out;
  try {
    out.value = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& error) {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." -> the part after ": ".
    const std::string what = error.what();
    const auto colon = what.find(": ", what.find("parse error"));
    const std::size_t offset = error.byte == 0 ? 0 : std::min(error.byte - 1, text.size());
    throw JsonSyntaxError(LineTable(text).at(offset), colon == std::string::npos ? what : what.substr(colon + 2));
  }
  std::size_t reached = 0;
  PositionRecorder recorder(text, reached, out.positions);
  CountingIterator first{text.data(), &reached};
  CountingIterator last{text.data() + text.size(), nullptr};
  nlohmann::json::sax_parse(first, last, &recorder);
  return out;
}

}  // namespace rwchaos::harness
