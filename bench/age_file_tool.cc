// Bench-only command line for bench/compare_age.sh: encrypts or decrypts a
// file with fieldvault's streaming age implementation, so that it can be
// timed against the `age` binary on the same file. Not part of the
// fieldvault CLI.
//
//   age_file_tool encrypt [-a] RECIPIENT IN OUT
//   age_file_tool decrypt IDENTITY_FILE IN OUT
//
// OUT may be /dev/null. Exits 0 on success, 1 on a crypto error, 2 on usage
// or I/O errors.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/age.h"
#include "crypto/init.h"

namespace fc = fieldvault::crypto;

namespace {

int Fail(const fieldvault::Status& status) {
  std::fprintf(stderr, "age_file_tool: %s\n", status.ToString().c_str());
  return status.code() == fieldvault::StatusCode::kIoError ? 2 : 1;
}

fieldvault::Result<std::vector<uint8_t>> ReadWholeFile(const char* path) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fieldvault::Status::IoError(std::string("cannot open ") + path);
  fc::FdSource source(fd);
  fc::MemorySink sink;
  auto copied = fc::CopyStream(source, sink);
  ::close(fd);
  if (!copied.ok()) return copied.status();
  return sink.Take();
}

int Encrypt(bool armor, std::string_view recipient_text, int in, int out) {
  auto recipient = fc::AgeRecipient::Parse(recipient_text);
  if (!recipient.ok()) return Fail(recipient.status());
  fc::FdSink sink(out);
  auto encryptor = fc::AgeEncryptor::Create({&recipient.value(), 1}, sink,
                                            armor, fc::SystemRandom());
  if (!encryptor.ok()) return Fail(encryptor.status());
  // Large reads let the encryptor seal straight from this buffer.
  std::vector<uint8_t> buffer(1 << 20);
  fc::FdSource source(in);
  while (true) {
    auto n = fc::ReadFull(source, buffer);
    if (!n.ok()) return Fail(n.status());
    if (*n == 0) break;
    fieldvault::Status written = (*encryptor)->Write(std::span(buffer).first(*n));
    if (!written.ok()) return Fail(written);
  }
  fieldvault::Status finished = (*encryptor)->Finish();
  return finished.ok() ? 0 : Fail(finished);
}

int Decrypt(const char* identity_path, int in, int out) {
  auto contents = ReadWholeFile(identity_path);
  if (!contents.ok()) return Fail(contents.status());
  auto identities = fc::ParseIdentityFile(*contents);
  if (!identities.ok()) return Fail(identities.status());
  fc::FdSource source(in);
  auto decryptor = fc::AgeDecryptor::Open(source, *identities);
  if (!decryptor.ok()) return Fail(decryptor.status());
  fc::FdSink sink(out);
  auto copied = fc::CopyStream(**decryptor, sink);
  return copied.ok() ? 0 : Fail(copied.status());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  bool armor = !args.empty() && args.size() == 5 && args[1] == "-a";
  if (armor) args.erase(args.begin() + 1);
  if (args.size() != 4 || (args[0] != "encrypt" && args[0] != "decrypt")) {
    std::fprintf(stderr,
                 "usage: age_file_tool encrypt [-a] RECIPIENT IN OUT\n"
                 "       age_file_tool decrypt IDENTITY_FILE IN OUT\n");
    return 2;
  }
  if (!fc::InitializeCrypto().ok()) return 2;
  int in = ::open(std::string(args[2]).c_str(), O_RDONLY | O_CLOEXEC);
  int out = ::open(std::string(args[3]).c_str(),
                   O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (in < 0 || out < 0) {
    std::fprintf(stderr, "age_file_tool: cannot open input or output\n");
    return 2;
  }
  int rc = args[0] == "encrypt"
               ? Encrypt(armor, args[1], in, out)
               : Decrypt(std::string(args[1]).c_str(), in, out);
  ::close(in);
  if (::close(out) != 0) return 2;
  return rc;
}
