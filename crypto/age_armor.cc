#include "crypto/age_armor.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace fieldvault::crypto {
namespace {

// Longest line the reader will assemble; longer ones are an error at once,
// so that a file without line breaks cannot make the reader grow.
constexpr size_t kMaxLineBytes = kAgeArmorMaxWhitespace + 2;

bool IsWhitespace(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}

// Decodes 64 base64 characters (no padding) into 48 bytes; false on any
// character outside the alphabet. A plain table decoder: armor carries
// ciphertext only, so libsodium's slower constant-time codec buys nothing.
bool DecodeFullLine(std::string_view line,
                    std::array<uint8_t, kAgeBytesPerLine>& out) {
  static const std::array<int8_t, 256> kValues = [] {
    std::array<int8_t, 256> values;
    values.fill(-1);
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < kAlphabet.size(); ++i) {
      values[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
    }
    return values;
  }();
  int32_t invalid = 0;
  for (size_t i = 0, o = 0; i < kAgeColumnsPerLine; i += 4, o += 3) {
    int32_t a = kValues[static_cast<uint8_t>(line[i])];
    int32_t b = kValues[static_cast<uint8_t>(line[i + 1])];
    int32_t c = kValues[static_cast<uint8_t>(line[i + 2])];
    int32_t d = kValues[static_cast<uint8_t>(line[i + 3])];
    invalid |= a | b | c | d;  // negative if any was -1
    uint32_t group = (static_cast<uint32_t>(a & 63) << 18) |
                     (static_cast<uint32_t>(b & 63) << 12) |
                     (static_cast<uint32_t>(c & 63) << 6) |
                     static_cast<uint32_t>(d & 63);
    out[o] = static_cast<uint8_t>(group >> 16);
    out[o + 1] = static_cast<uint8_t>(group >> 8);
    out[o + 2] = static_cast<uint8_t>(group);
  }
  return invalid >= 0;
}

bool IsBlank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) {
    return IsWhitespace(static_cast<uint8_t>(c));
  });
}

}  // namespace

// ---------------------------------------------------------------- writer --

Status AgeArmorWriter::WriteBeginIfNeeded() {
  if (begun_) return Status::Ok();
  begun_ = true;
  text_.append(kAgeArmorBegin);
  text_ += '\n';
  return Status::Ok();
}

Status AgeArmorWriter::FlushText() {
  Status status = out_.Write(AsBytes(text_));
  text_.clear();
  return status;
}

void AgeArmorWriter::AppendLine(std::span<const uint8_t> bytes) {
  // A plain table encoder: armor carries ciphertext only, so libsodium's
  // slower constant-time codec buys nothing here.
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t old_size = text_.size();
  text_.resize(old_size + (bytes.size() + 2) / 3 * 4 + 1);
  char* out = text_.data() + old_size;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t group = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) |
                     bytes[i + 2];
    *out++ = kAlphabet[group >> 18];
    *out++ = kAlphabet[(group >> 12) & 63];
    *out++ = kAlphabet[(group >> 6) & 63];
    *out++ = kAlphabet[group & 63];
  }
  if (size_t rest = bytes.size() - i; rest > 0) {
    uint32_t group = uint32_t{bytes[i]} << 16;
    if (rest == 2) group |= uint32_t{bytes[i + 1]} << 8;
    *out++ = kAlphabet[group >> 18];
    *out++ = kAlphabet[(group >> 12) & 63];
    *out++ = rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
    *out++ = '=';
  }
  *out = '\n';
}

Status AgeArmorWriter::Write(std::span<const uint8_t> bytes) {
  if (finished_) {
    return Status::FailedPrecondition("armor writer used after Finish");
  }
  FV_RETURN_IF_ERROR(WriteBeginIfNeeded());
  while (!bytes.empty()) {
    if (line_size_ == 0 && bytes.size() >= line_.size()) {
      AppendLine(bytes.first(line_.size()));  // straight from the input
      bytes = bytes.subspan(line_.size());
    } else {
      size_t n = std::min(bytes.size(), line_.size() - line_size_);
      std::memcpy(line_.data() + line_size_, bytes.data(), n);
      line_size_ += n;
      bytes = bytes.subspan(n);
      if (line_size_ < line_.size()) break;
      AppendLine(line_);
      line_size_ = 0;
    }
    // Batch lines so the sink sees few, larger writes.
    if (text_.size() >= 64 * 1024) FV_RETURN_IF_ERROR(FlushText());
  }
  return Status::Ok();
}

Status AgeArmorWriter::Finish() {
  if (finished_) {
    return Status::FailedPrecondition("armor writer finished twice");
  }
  FV_RETURN_IF_ERROR(WriteBeginIfNeeded());
  finished_ = true;
  if (line_size_ > 0) AppendLine(std::span(line_.data(), line_size_));
  text_.append(kAgeArmorEnd);
  text_ += '\n';
  return FlushText();
}

// ---------------------------------------------------------------- reader --

Status AgeArmorReader::Fail(std::string detail) {
  error_ = Status::Corruption(std::string(kAgeErrorArmor) + ": " + detail)
               .WithHint("the armored file was altered or damaged in "
                         "transit; ask the sender for a new copy");
  return *error_;
}

Result<size_t> AgeArmorReader::FillBuffer() {
  if (buffer_start_ == buffer_end_) buffer_start_ = buffer_end_ = 0;
  FV_ASSIGN_OR_RETURN(size_t n, in_.Read(std::span(buffer_).subspan(buffer_end_)));
  if (n == 0) input_ended_ = true;
  buffer_end_ += n;
  return n;
}

Result<bool> AgeArmorReader::NextLine() {
  line_.clear();  // keeps its capacity: no allocation per line
  bool got_any = false;
  while (true) {
    if (buffer_start_ == buffer_end_) {
      if (input_ended_) {
        if (!got_any) return false;
        break;  // a last line without LF
      }
      FV_RETURN_IF_ERROR(FillBuffer().status());
      continue;
    }
    got_any = true;
    auto begin = buffer_.begin() + buffer_start_;
    auto end = buffer_.begin() + buffer_end_;
    auto newline = std::find(begin, end, '\n');
    line_.append(begin, newline);
    if (line_.size() > kMaxLineBytes) return Fail("line too long");
    if (newline != end) {
      buffer_start_ = static_cast<size_t>(newline - buffer_.begin()) + 1;
      break;
    }
    buffer_start_ = buffer_end_;
  }
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  return true;
}

Status AgeArmorReader::ReadBegin() {
  size_t whitespace = 0;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool more, NextLine());
    if (!more) return Fail("no BEGIN line");
    if (IsBlank(line_)) {
      whitespace += line_.size() + 1;
      if (whitespace > kAgeArmorMaxWhitespace) {
        return Fail("too much whitespace before the BEGIN line");
      }
      continue;
    }
    if (line_ != kAgeArmorBegin) return Fail("first line is not the BEGIN line");
    state_ = State::kBody;
    return Status::Ok();
  }
}

Status AgeArmorReader::CheckTrailer() {
  // Only whitespace may follow the END line, and not much of it.
  size_t count = 0;
  while (true) {
    for (size_t i = buffer_start_; i < buffer_end_; ++i) {
      if (!IsWhitespace(buffer_[i])) return Fail("data after the END line");
    }
    count += buffer_end_ - buffer_start_;
    buffer_start_ = buffer_end_;
    if (count >= kAgeArmorMaxWhitespace) {
      return Fail("too much whitespace after the END line");
    }
    if (input_ended_) break;
    FV_RETURN_IF_ERROR(FillBuffer().status());
  }
  state_ = State::kDone;
  return Status::Ok();
}

Result<size_t> AgeArmorReader::DecodeLine() {
  if (line_.size() == kAgeColumnsPerLine && line_.back() != '=') {
    // A full line: no padding and no spare bits, so always canonical.
    if (!DecodeFullLine(line_, decoded_)) return Fail("not base64");
    return kAgeBytesPerLine;
  }
  size_t size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(decoded_.data(), decoded_.size(), line_.data(),
                        line_.size(), nullptr, &size, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != line_.data() + line_.size()) {
    return Fail("not base64");
  }
  // Canonical only (no stray bits before the padding): re-encode, compare.
  std::array<char, kAgeColumnsPerLine + 1> check;
  sodium_bin2base64(check.data(), check.size(), decoded_.data(), size,
                    sodium_base64_VARIANT_ORIGINAL);
  if (line_ != std::string_view(check.data())) {
    return Fail("not canonical base64");
  }
  return size;
}

Status AgeArmorReader::DecodeNextLine() {
  FV_ASSIGN_OR_RETURN(bool more, NextLine());
  if (!more) return Fail("missing END line");
  if (line_ == kAgeArmorEnd) {
    // Reached only at the start or after a full line.
    return CheckTrailer();
  }
  if (line_.empty() || line_.size() > kAgeColumnsPerLine ||
      line_.size() % 4 != 0) {
    return Fail("malformed line");
  }
  FV_ASSIGN_OR_RETURN(size_t size, DecodeLine());
  decoded_start_ = 0;
  decoded_end_ = size;
  if (size < kAgeBytesPerLine) {
    // A short line is the last one: the END line must follow at once.
    FV_ASSIGN_OR_RETURN(more, NextLine());
    if (!more || line_ != kAgeArmorEnd) return Fail("missing END line");
    return CheckTrailer();
  }
  return Status::Ok();
}

Result<size_t> AgeArmorReader::Read(std::span<uint8_t> out) {
  if (error_) return *error_;
  if (state_ == State::kBeforeBegin) {
    FV_RETURN_IF_ERROR(ReadBegin());
  }
  size_t copied = 0;
  while (copied < out.size()) {
    if (decoded_start_ < decoded_end_) {
      size_t n = std::min(out.size() - copied, decoded_end_ - decoded_start_);
      std::memcpy(out.data() + copied, decoded_.data() + decoded_start_, n);
      decoded_start_ += n;
      copied += n;
      continue;
    }
    if (state_ == State::kDone) break;
    Status status = DecodeNextLine();
    if (!status.ok()) {
      // Return what was decoded; the error comes with the next call.
      if (copied > 0) return copied;
      return status;
    }
  }
  return copied;
}

}  // namespace fieldvault::crypto
