// Bundle v1: every name, tag and limit of the format in one place, and the
// one rule for which paths a bundle may contain.
//
// A bundle is an age v1 file whose plaintext is a POSIX tar stream holding,
// in this order: manifest.json, manifest.json.minisig, B2SUMS, then the
// payload (records/<type>.jsonl, audit.jsonl, attachments/<uuid>). The full
// byte-level description is docs/bundle-format.md. Nothing here does crypto.
#ifndef FIELDVAULT_CORE_BUNDLE_BUNDLE_FORMAT_H_
#define FIELDVAULT_CORE_BUNDLE_BUNDLE_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/status.h"

namespace fieldvault::core::bundle {

// The manifest's "format" and "version" fields.
inline constexpr std::string_view kFormatName = "fieldvault-bundle";
inline constexpr int64_t kFormatVersion = 1;

// Member names with a fixed meaning.
inline constexpr std::string_view kManifestPath = "manifest.json";
inline constexpr std::string_view kSignaturePath = "manifest.json.minisig";
inline constexpr std::string_view kB2SumsPath = "B2SUMS";
inline constexpr std::string_view kAuditPath = "audit.jsonl";
inline constexpr std::string_view kRecordsDir = "records/";
inline constexpr std::string_view kAttachmentsDir = "attachments/";

// Every tar member is written with the same metadata, so that a bundle
// reveals nothing of the sender's machine (user, group, umask, clock).
inline constexpr int64_t kTarMtime = 0;
inline constexpr int kTarMode = 0644;
inline constexpr int64_t kTarUid = 0;
inline constexpr int64_t kTarGid = 0;
// The tar stream is blocked in records of this size (libarchive's default,
// as tar's): a whole bundle's plaintext is a multiple of it.
inline constexpr uint64_t kTarRecordBytes = 10240;

// Limits a reader enforces before trusting anything.
inline constexpr size_t kMaxPathBytes = 200;
inline constexpr uint64_t kMaxManifestBytes = 32ull << 20;
inline constexpr uint64_t kMaxSignatureBytes = 4096;
inline constexpr uint64_t kMaxMembers = 200000;
// Bytes of header blocks (ustar plus any pax or GNU extension blocks) that
// may precede one member's data.
inline constexpr uint64_t kMaxHeaderBytes = 8192;
inline constexpr uint64_t kMaxMemberBytes = 1ull << 40;  // 1 TiB
// Longest line of audit.jsonl: nine fields of at most 4096 bytes each
// (the custody log's own limit), even if every byte were JSON-escaped.
inline constexpr size_t kMaxAuditLineBytes = 256u << 10;

// Returns OK when `path` is a path a bundle may hold: relative, at most
// kMaxPathBytes, components of [A-Za-z0-9._-] separated by single '/',
// none empty, "." or "..". Otherwise kCorruption naming the path (made
// printable), so hostile names cannot inject terminal escapes.
Status CheckMemberPath(std::string_view path);

// `text` with every byte outside printable ASCII shown as \xNN, cut to
// 120 bytes: safe to put in an error message or a report.
std::string PrintableForMessage(std::string_view text);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_BUNDLE_FORMAT_H_
