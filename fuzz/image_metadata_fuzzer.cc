// Fuzzes MetadataStrippingSink, which the public export profile runs on
// attachments (photos a witness or anyone may have handed over): JPEG
// segments, scans, restart and fill bytes, PNG chunks, truncation and
// whatever follows the end of an image.
// The input is cleaned twice, written at once and written a few bytes at a
// time (the piece size taken from the input's length).
// Properties: never a crash, a hang or an escaping exception; both writes
// agree on refusal and on every byte kept (where a write ends must not
// change what leaves); a cleaned image cleans to itself, so nothing the
// cleaner lets through is something it would have dropped.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "core/attachments/image_metadata.h"
#include "crypto/byte_stream.h"

namespace {

namespace fc = fieldvault::crypto;

struct Outcome {
  bool refused = false;
  std::vector<uint8_t> kept;
};

Outcome Clean(std::span<const uint8_t> image, size_t piece) {
  fc::MemorySink out;
  fieldvault::core::MetadataStrippingSink cleaner(out);
  fieldvault::Status status;
  for (size_t at = 0; at < image.size() && status.ok(); at += piece) {
    status = cleaner.Write(image.subspan(at, std::min(piece, image.size() - at)));
  }
  if (status.ok()) status = cleaner.Finish();
  if (!status.ok() && !cleaner.refused()) std::abort();  // MemorySink never fails
  return {cleaner.refused(), out.Take()};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> image(data, size);
  Outcome whole = Clean(image, std::max<size_t>(size, 1));
  Outcome pieces = Clean(image, 1 + size % 13);
  if (whole.refused != pieces.refused) std::abort();
  if (whole.refused) return 0;
  if (whole.kept != pieces.kept) std::abort();
  Outcome again = Clean(whole.kept, std::max<size_t>(whole.kept.size(), 1));
  if (again.refused || again.kept != whole.kept) std::abort();
  return 0;
}
