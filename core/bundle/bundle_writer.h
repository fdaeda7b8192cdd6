// The tar layer of writing a bundle, in the two passes that keep memory
// flat without a plaintext temp file: DigestPayload streams every payload
// file once to learn its size and BLAKE2b-512 (for the manifest and
// B2SUMS), and WriteBundleTar streams them again into the tar, checking
// each against its digest as it goes. Files whose size and hash their
// source already knows (attachments) are not read in the first pass nor
// hashed in the second: their manifest entry is the recorded hash, and
// the second pass checks their size. The manifest, its signature and the
// age encryption around the tar are the caller's (core/bundle/exporter).
#ifndef FIELDVAULT_CORE_BUNDLE_BUNDLE_WRITER_H_
#define FIELDVAULT_CORE_BUNDLE_BUNDLE_WRITER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bundle/manifest.h"
#include "crypto/byte_stream.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// One payload file: its bundle path and a function that streams its
// content into a sink. `write` is called once per pass and must produce
// the same bytes each time (run both passes in one database transaction).
struct PayloadFile {
  std::string path;
  std::function<Status(crypto::ByteSink&)> write;
  // When the source already knows the content's size and BLAKE2b-512 (the
  // attachment store records both at ingest), the manifest lists them: the
  // first pass does not read the content, and the second checks its size
  // but does not hash it again. The source vouches for the bytes (for an
  // attachment: SQLCipher's page HMACs and the chunk checks of
  // ContentCheck::kChunksAndSize); the recipient checks every byte against
  // the hash.
  std::optional<ManifestFile> known = std::nullopt;
};

struct PayloadDigest {
  std::vector<ManifestFile> files;  // B2SUMS first, then the payload in order
  std::string b2sums;               // the B2SUMS text
  uint64_t total_bytes = 0;         // of every file listed
};

// Called with (bytes written so far, total bytes) while the tar is written.
using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

// Pass 1: hashes every payload file. kInvalidArgument for a path that
// CheckMemberPath refuses, a reserved name or a path used twice; the
// writers' own errors otherwise.
Result<PayloadDigest> DigestPayload(std::span<const PayloadFile> payload);

// Pass 2: writes the whole tar to `out`: manifest.json, its signature,
// B2SUMS, then the payload, hashing every byte of the files digested in
// pass 1. kFailedPrecondition ("changed while the bundle was written") if
// such a file no longer matches `digest`; kCorruption ("the vault is
// damaged") if a file's byte count differs from its `known` size; the
// sink's or the writers' errors otherwise. `progress` may be empty.
Status WriteBundleTar(crypto::ByteSink& out, std::string_view manifest_json,
                      std::string_view signature_text,
                      const PayloadDigest& digest,
                      std::span<const PayloadFile> payload,
                      const ProgressFn& progress);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_BUNDLE_WRITER_H_
