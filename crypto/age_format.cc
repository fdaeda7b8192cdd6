#include "crypto/age_format.h"

#include <algorithm>

#include "crypto/encoding.h"

namespace fieldvault::crypto {
namespace {

std::string_view AsText(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Status HeaderError(std::string_view detail) {
  return Status::Corruption(std::string(kAgeErrorHeader) + ": " +
                            std::string(detail))
      .WithHint("the file was altered or damaged; ask the sender for a new copy");
}

// An argument is one or more printable ASCII characters other than space.
bool IsValidArgument(std::string_view arg) {
  if (arg.empty()) return false;
  return std::all_of(arg.begin(), arg.end(),
                     [](char c) { return c >= 33 && c <= 126; });
}

// Walks the header one LF-terminated line at a time.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  // The next line without its LF, or nullopt at the end (or if the rest has
  // no LF, which FindAgeHeaderEnd rules out for well-delimited input).
  std::optional<std::string_view> Next() {
    size_t end = text_.find('\n', offset_);
    if (end == std::string_view::npos) return std::nullopt;
    line_start_ = offset_;
    std::string_view line = text_.substr(offset_, end - offset_);
    offset_ = end + 1;
    return line;
  }
  size_t line_start() const { return line_start_; }
  bool AtEnd() const { return offset_ == text_.size(); }

 private:
  std::string_view text_;
  size_t offset_ = 0;
  size_t line_start_ = 0;
};

Result<AgeStanza> ParseStanza(std::string_view arg_line, LineCursor& lines) {
  AgeStanza stanza;
  std::string_view rest = arg_line.substr(kAgeStanzaPrefix.size());
  std::vector<std::string> args;
  while (true) {
    size_t space = rest.find(' ');
    std::string_view arg = rest.substr(0, space);
    if (!IsValidArgument(arg)) return HeaderError("malformed stanza arguments");
    args.emplace_back(arg);
    if (space == std::string_view::npos) break;
    rest = rest.substr(space + 1);
  }
  stanza.type = std::move(args.front());
  stanza.args.assign(std::make_move_iterator(args.begin() + 1),
                     std::make_move_iterator(args.end()));
  // Body: full 64-column lines, then one shorter (possibly empty) line.
  while (true) {
    auto line = lines.Next();
    if (!line) return HeaderError("stanza body is missing its final line");
    if (line->size() > kAgeColumnsPerLine) {
      return HeaderError("stanza body line longer than 64 columns");
    }
    auto decoded = Base64Decode(*line, Base64Variant::kUnpadded);
    if (!decoded.ok()) return HeaderError("stanza body is not canonical base64");
    stanza.body.insert(stanza.body.end(), decoded->begin(), decoded->end());
    if (line->size() < kAgeColumnsPerLine) return stanza;
  }
}

Status ParseMacLine(std::string_view line, AgeHeader& header) {
  // Exactly "--- " followed by the canonical encoding of 32 bytes.
  if (line.size() < 4 || line.substr(0, 4) != "--- ") {
    return HeaderError("malformed MAC line");
  }
  auto mac = Base64Decode(line.substr(4), Base64Variant::kUnpadded);
  if (!mac.ok() || mac->size() != kAgeMacBytes) {
    return HeaderError("malformed MAC line");
  }
  std::copy(mac->begin(), mac->end(), header.mac.begin());
  return Status::Ok();
}

Status CheckVersionLine(std::string_view text) {
  if (text.substr(0, kAgeVersionPrefix.size()) != kAgeVersionPrefix) {
    return Status::InvalidArgument(std::string(kAgeErrorNotAgeFile))
        .WithHint("check that this is an age-encrypted file or bundle");
  }
  if (text.substr(0, kAgeIntro.size()) != kAgeIntro) {
    return Status::Unsupported(std::string(kAgeErrorUnsupportedVersion))
        .WithHint("this file needs a newer version of fieldvault or age");
  }
  return Status::Ok();
}

}  // namespace

std::optional<size_t> FindAgeHeaderEnd(std::span<const uint8_t> bytes) {
  // The MAC line is the first line starting with "---": no argument line
  // ("-> ") and no base64 body line can start that way.
  std::string_view text = AsText(bytes);
  size_t mac = text.find("\n---");
  if (mac == std::string_view::npos) return std::nullopt;
  size_t end = text.find('\n', mac + 1);
  if (end == std::string_view::npos) return std::nullopt;
  return end + 1;
}

Result<AgeHeader> ParseAgeHeader(std::span<const uint8_t> bytes) {
  std::string_view text = AsText(bytes);
  FV_RETURN_IF_ERROR(CheckVersionLine(text));
  LineCursor lines(text);
  (void)lines.Next();  // the version line, checked above
  AgeHeader header;
  while (true) {
    auto line = lines.Next();
    if (!line) return HeaderError("header ends without a MAC line");
    if (line->substr(0, kAgeMacPrefix.size()) == kAgeMacPrefix) {
      FV_RETURN_IF_ERROR(ParseMacLine(*line, header));
      if (!lines.AtEnd()) return HeaderError("data after the MAC line");
      header.mac_input_size = lines.line_start() + kAgeMacPrefix.size();
      break;
    }
    if (line->substr(0, kAgeStanzaPrefix.size()) != kAgeStanzaPrefix) {
      return HeaderError("unexpected line");
    }
    FV_ASSIGN_OR_RETURN(AgeStanza stanza, ParseStanza(*line, lines));
    header.stanzas.push_back(std::move(stanza));
  }
  if (header.stanzas.empty()) return HeaderError("no recipient stanza");
  return header;
}

Result<std::string> SerializeAgeHeaderWithoutMac(
    std::span<const AgeStanza> stanzas) {
  if (stanzas.empty()) {
    return Status::InvalidArgument("an age header needs at least one stanza");
  }
  std::string out(kAgeIntro);
  for (const AgeStanza& stanza : stanzas) {
    out += kAgeStanzaPrefix;
    if (!IsValidArgument(stanza.type)) {
      return Status::InvalidArgument("invalid age stanza type");
    }
    out += stanza.type;
    for (const std::string& arg : stanza.args) {
      if (!IsValidArgument(arg)) {
        return Status::InvalidArgument("invalid age stanza argument");
      }
      out += ' ';
      out += arg;
    }
    out += '\n';
    // Wrap at 64 columns; the last line is always shorter than 64 columns,
    // hence empty when the body is a multiple of 48 bytes.
    std::string body = Base64Encode(stanza.body, Base64Variant::kUnpadded);
    size_t offset = 0;
    while (body.size() - offset >= kAgeColumnsPerLine) {
      out.append(body, offset, kAgeColumnsPerLine);
      out += '\n';
      offset += kAgeColumnsPerLine;
    }
    out.append(body, offset);
    out += '\n';
  }
  out += kAgeMacPrefix;
  return out;
}

std::string SerializeAgeMacLine(std::span<const uint8_t, kAgeMacBytes> mac) {
  std::string line(1, ' ');
  line += Base64Encode(mac, Base64Variant::kUnpadded);
  line += '\n';
  return line;
}

}  // namespace fieldvault::crypto
