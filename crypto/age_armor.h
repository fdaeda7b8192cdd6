// age's ASCII armor: strict PEM (RFC 7468 section 3) with the label
// "AGE ENCRYPTED FILE", padded canonical base64 in lines of exactly 64
// columns except a shorter, non-empty last one, no PEM headers. Streaming in
// both directions, in fixed memory. Text only: no cryptography.
//
// The reader accepts whitespace-only lines before the BEGIN line and
// whitespace after the END line (at most 1 KiB each, as the age testkit
// requires), and LF or CRLF line endings; anything else that deviates is an
// error starting with kAgeErrorArmor (kCorruption). The writer emits LF
// line endings and a final LF, as `age -a` does.
#ifndef FIELDVAULT_CRYPTO_AGE_ARMOR_H_
#define FIELDVAULT_CRYPTO_AGE_ARMOR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "crypto/age_format.h"
#include "crypto/byte_stream.h"

namespace fieldvault::crypto {

// Encodes what is written to it and forwards the text to `out`, which must
// outlive it. Call Finish() once at the end: it writes the last line and
// the END line. Errors are those of `out`, or kFailedPrecondition when used
// after Finish().
class AgeArmorWriter final : public ByteSink {
 public:
  explicit AgeArmorWriter(ByteSink& out) : out_(out) {}
  Status Write(std::span<const uint8_t> bytes) override;
  Status Finish();

 private:
  Status WriteBeginIfNeeded();
  Status FlushText();
  void AppendLine(std::span<const uint8_t> bytes);  // base64 + LF

  ByteSink& out_;
  bool begun_ = false;
  bool finished_ = false;
  std::array<uint8_t, kAgeBytesPerLine> line_{};
  size_t line_size_ = 0;
  std::string text_;  // encoded lines waiting to be written, bounded
};

// Decodes an armored age file read from `in` (which must outlive it).
// Read() returns decoded bytes; 0 only once the END line and the trailing
// whitespace have been checked. Errors: kCorruption starting with
// kAgeErrorArmor, or the errors of `in`. After an error, Read() keeps
// returning it.
class AgeArmorReader final : public ByteSource {
 public:
  explicit AgeArmorReader(ByteSource& in) : in_(in) {}
  Result<size_t> Read(std::span<uint8_t> out) override;

 private:
  enum class State { kBeforeBegin, kBody, kDone };

  // Reads the next line, without its LF or CRLF, into line_; false at the
  // end of input.
  Result<bool> NextLine();
  Result<size_t> FillBuffer();
  Status ReadBegin();
  Status DecodeNextLine();
  Result<size_t> DecodeLine();  // line_ into decoded_; returns the size
  Status CheckTrailer();
  Status Fail(std::string detail);

  ByteSource& in_;
  State state_ = State::kBeforeBegin;
  std::array<uint8_t, 64 * 1024> buffer_{};
  size_t buffer_start_ = 0;
  size_t buffer_end_ = 0;
  bool input_ended_ = false;
  std::string line_;
  std::array<uint8_t, kAgeBytesPerLine> decoded_{};
  size_t decoded_start_ = 0;
  size_t decoded_end_ = 0;
  std::optional<Status> error_;
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_AGE_ARMOR_H_
