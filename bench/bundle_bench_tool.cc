// Bench-only: fills a monitor vault with synthetic data for
// compare_bundle.sh (P1/P2) and introduces it to an HQ vault.
//
//   bundle_bench_tool DIR ATTACHMENT_MIB DETENTIONS KDF_MIB
// creates DIR/field and DIR/hq (passphrase in DIR/pass), one incident,
// DETENTIONS persons each with one detention, ATTACHMENT_MIB MiB of
// attachments in 64 MiB files, and the keyrings between the two vaults;
// and an empty DIR/floor with the same KDF cost, for vault_floor_tool.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/attachments/attachment_store.h"
#include "core/identity/identity_ops.h"
#include "core/records/record_store.h"
#include "core/search/search_index.h"
#include "core/vault/vault.h"
#include "crypto/init.h"

namespace fv = fieldvault;
using fv::core::Vault;

namespace {

// Synthetic attachment bytes: a deterministic stream, no disk needed.
class PatternSource final : public fv::crypto::ByteSource {
 public:
  PatternSource(uint64_t size, uint64_t seed) : left_(size), random_(seed) {}
  fv::Result<size_t> Read(std::span<uint8_t> out) override {
    size_t n = static_cast<size_t>(std::min<uint64_t>(out.size(), left_));
    random_.Fill(out.first(n));
    left_ -= n;
    return n;
  }

 private:
  uint64_t left_;
  fv::crypto::DeterministicRandom random_;
};

fv::Status Fill(Vault& vault, const fv::core::NameNormalizer& normalizer,
                uint64_t attachment_mib, uint64_t detentions) {
  FV_ASSIGN_OR_RETURN(fv::core::VaultWrite write, vault.BeginWrite());
  FV_ASSIGN_OR_RETURN(auto index, fv::core::SearchIndex::Create(write.db(), normalizer));
  fv::core::RecordStore store(write.db(), vault.clock(), vault.random(),
                              vault.vault_id(), normalizer, &index, {});
  fv::core::Incident incident;
  incident.title = "Synthetic protest arrests";
  incident.start_date = *fv::core::PartialDate::Parse("2020-02-22");
  incident.admin_area = "Almaty";
  incident.country = "KZ";
  FV_ASSIGN_OR_RETURN(incident, store.Create(incident));
  for (uint64_t i = 0; i < detentions; ++i) {
    fv::core::Person person;
    person.names = {{"Synthetic Person " + std::to_string(i), "", "", "", ""}};
    FV_ASSIGN_OR_RETURN(person, store.Create(person));
    fv::core::Detention detention;
    detention.person_id = person.meta.id;
    detention.incident_id = incident.meta.id;
    detention.detained_at = *fv::core::PartialDate::Parse("2020-02-22");
    FV_RETURN_IF_ERROR(store.Create(detention).status());
  }
  for (uint64_t done = 0, n = 0; done < attachment_mib; done += 64, ++n) {
    uint64_t mib = std::min<uint64_t>(64, attachment_mib - done);
    PatternSource content(mib << 20, n + 1);
    fv::core::NewAttachment request{"incident", incident.meta.id,
                                    "synthetic-" + std::to_string(n) + ".bin",
                                    "application/octet-stream", {}};
    FV_RETURN_IF_ERROR(fv::core::AddAttachment(write.db(), request, content,
                                               vault.random(),
                                               vault.clock().NowMicros(),
                                               vault.vault_id()).status());
  }
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent({"created", "", "", "", "bench data"}));
  return write.Commit();
}

fv::Status Run(const std::string& dir, uint64_t attachment_mib,
               uint64_t detentions, uint64_t kdf_mib) {
  FV_RETURN_IF_ERROR(fv::crypto::InitializeCrypto());
  auto passphrase = fv::crypto::SecretBytes::CopyOf(fv::crypto::AsBytes("bench passphrase"));
  std::ofstream(dir + "/pass") << "bench passphrase\n";
  fv::core::KdfCost cost{1, static_cast<size_t>(kdf_mib) << 20};
  auto& random = fv::crypto::SystemRandom();
  auto& clock = fv::core::SystemClock();
  FV_ASSIGN_OR_RETURN(Vault field, Vault::Create(dir + "/field", passphrase, cost, random, clock));
  FV_ASSIGN_OR_RETURN(Vault hq, Vault::Create(dir + "/hq", passphrase, cost, random, clock));
  FV_RETURN_IF_ERROR(Vault::Create(dir + "/floor", passphrase, cost, random, clock).status());
  FV_ASSIGN_OR_RETURN(auto normalizer, fv::core::NameNormalizer::Create());
  FV_RETURN_IF_ERROR(Fill(field, normalizer, attachment_mib, detentions));
  FV_ASSIGN_OR_RETURN(auto hq_id, fv::core::GetVaultIdentity(hq.db()));
  FV_ASSIGN_OR_RETURN(auto field_id, fv::core::GetVaultIdentity(field.db()));
  FV_ASSIGN_OR_RETURN(auto recipient, fv::crypto::AgeRecipient::Parse(hq_id.age_recipient));
  FV_ASSIGN_OR_RETURN(auto signer, fv::crypto::MinisignPublicKey::ParseBase64(
                                       field_id.minisign_public_key));
  FV_RETURN_IF_ERROR(fv::core::AddRecipientToVault(field, "hq", recipient).status());
  return fv::core::TrustSignerInVault(hq, "monitor", signer).status();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s DIR ATTACHMENT_MIB DETENTIONS KDF_MIB\n", argv[0]);
    return 2;
  }
  fv::Status status = Run(argv[1], std::strtoull(argv[2], nullptr, 10),
                          std::strtoull(argv[3], nullptr, 10),
                          std::strtoull(argv[4], nullptr, 10));
  if (!status.ok()) {
    std::fprintf(stderr, "bundle_bench_tool: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
