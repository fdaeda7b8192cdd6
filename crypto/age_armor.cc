#include "crypto/age_armor.h"

#include <algorithm>
#include <cstring>

#include "crypto/encoding.h"

namespace fieldvault::crypto {
namespace {

// Longest line the reader will assemble; longer ones are an error at once,
// so that a file without line breaks cannot make the reader grow.
constexpr size_t kMaxLineBytes = kAgeArmorMaxWhitespace + 2;

bool IsWhitespace(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
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

Status AgeArmorWriter::Write(std::span<const uint8_t> bytes) {
  if (finished_) {
    return Status::FailedPrecondition("armor writer used after Finish");
  }
  FV_RETURN_IF_ERROR(WriteBeginIfNeeded());
  while (!bytes.empty()) {
    size_t n = std::min(bytes.size(), line_.size() - line_size_);
    std::memcpy(line_.data() + line_size_, bytes.data(), n);
    line_size_ += n;
    bytes = bytes.subspan(n);
    if (line_size_ == line_.size()) {
      text_ += Base64Encode(line_, Base64Variant::kPadded);
      text_ += '\n';
      line_size_ = 0;
      // Batch lines so the sink sees few, larger writes.
      if (text_.size() >= 16 * 1024) FV_RETURN_IF_ERROR(FlushText());
    }
  }
  return Status::Ok();
}

Status AgeArmorWriter::Finish() {
  if (finished_) {
    return Status::FailedPrecondition("armor writer finished twice");
  }
  FV_RETURN_IF_ERROR(WriteBeginIfNeeded());
  finished_ = true;
  if (line_size_ > 0) {
    text_ += Base64Encode(std::span(line_.data(), line_size_),
                          Base64Variant::kPadded);
    text_ += '\n';
  }
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

Result<std::optional<std::string>> AgeArmorReader::NextLine() {
  std::string line;
  bool got_any = false;
  while (true) {
    if (buffer_start_ == buffer_end_) {
      if (input_ended_) {
        if (!got_any) return std::optional<std::string>();
        break;  // a last line without LF
      }
      FV_RETURN_IF_ERROR(FillBuffer().status());
      continue;
    }
    got_any = true;
    auto begin = buffer_.begin() + buffer_start_;
    auto end = buffer_.begin() + buffer_end_;
    auto newline = std::find(begin, end, '\n');
    line.append(begin, newline);
    if (line.size() > kMaxLineBytes) return Fail("line too long");
    if (newline != end) {
      buffer_start_ = static_cast<size_t>(newline - buffer_.begin()) + 1;
      break;
    }
    buffer_start_ = buffer_end_;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return std::optional<std::string>(std::move(line));
}

Status AgeArmorReader::ReadBegin() {
  size_t whitespace = 0;
  while (true) {
    FV_ASSIGN_OR_RETURN(std::optional<std::string> line, NextLine());
    if (!line) return Fail("no BEGIN line");
    if (IsBlank(*line)) {
      whitespace += line->size() + 1;
      if (whitespace > kAgeArmorMaxWhitespace) {
        return Fail("too much whitespace before the BEGIN line");
      }
      continue;
    }
    if (*line != kAgeArmorBegin) return Fail("first line is not the BEGIN line");
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

Status AgeArmorReader::DecodeNextLine() {
  FV_ASSIGN_OR_RETURN(std::optional<std::string> line, NextLine());
  if (!line) return Fail("missing END line");
  if (*line == kAgeArmorEnd) {
    // Reached only at the start or after a full line.
    return CheckTrailer();
  }
  if (line->empty() || line->size() > kAgeColumnsPerLine ||
      line->size() % 4 != 0) {
    return Fail("malformed line");
  }
  auto decoded = Base64Decode(*line, Base64Variant::kPadded);
  if (!decoded.ok()) return Fail("not canonical base64");
  std::copy(decoded->begin(), decoded->end(), decoded_.begin());
  decoded_start_ = 0;
  decoded_end_ = decoded->size();
  if (decoded->size() < kAgeBytesPerLine) {
    // A short line is the last one: the END line must follow at once.
    FV_ASSIGN_OR_RETURN(std::optional<std::string> end, NextLine());
    if (!end || *end != kAgeArmorEnd) return Fail("missing END line");
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
