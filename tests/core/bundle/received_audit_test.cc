// The sender's audit.jsonl at HQ: parsed strictly, kept as received
// evidence with its bundle and signer, never mixed into HQ's own custody
// log; a bad line refuses the whole import.
#include "core/bundle/received_audit.h"

#include <gtest/gtest.h>

#include "core/bundle/bundle_format.h"
#include "core/records/record_store.h"
#include "core/vault/custody_log.h"
#include "crypto/encoding.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

const std::string kHash(128, 'a');

nlohmann::json GoodEvent(int64_t sequence = 3) {
  return {{"sequence", sequence}, {"occurred_at", "2020-02-22T18:00:00Z"},
          {"actor", "3e497eab-0e5f-4b5e-a6eb-0831969021cf"}, {"action", "created"},
          {"record_type", "incident"},
          {"record_id", "11111111-1111-4111-8111-111111111111"},
          {"bundle_id", ""}, {"detail", "version 1"}, {"hash", kHash}};
}

std::string ParseError(const nlohmann::json& line) {
  auto parsed = ParseSentCustodyEvent(line.dump(), 7);
  EXPECT_FALSE(parsed.ok()) << line.dump();
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), StatusCode::kCorruption);
  EXPECT_NE(parsed.status().message().find("audit.jsonl line 7"), std::string::npos);
  return parsed.status().message();
}

TEST(ReceivedAuditParseTest, ReadsExactlyTheFormat) {
  auto good = ParseSentCustodyEvent(GoodEvent().dump(), 1);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->sequence, 3);
  EXPECT_EQ(good->action, "created");
  EXPECT_EQ(good->hash, kHash);

  nlohmann::json missing = GoodEvent();
  missing.erase("hash");
  EXPECT_NE(ParseError(missing).find("'hash' is missing"), std::string::npos);
  nlohmann::json extra = GoodEvent();
  extra["name"] = "Synthetic Person";
  EXPECT_NE(ParseError(extra).find("unknown field 'name'"), std::string::npos);
  nlohmann::json wrong_type = GoodEvent();
  wrong_type["sequence"] = "3";
  EXPECT_NE(ParseError(wrong_type).find("'sequence' must be an integer"), std::string::npos);
  nlohmann::json zero = GoodEvent(0);
  EXPECT_NE(ParseError(zero).find("'sequence' must be 1 or more"), std::string::npos);
  nlohmann::json time = GoodEvent();
  time["occurred_at"] = "yesterday";
  EXPECT_NE(ParseError(time).find("'occurred_at'"), std::string::npos);
  nlohmann::json hash = GoodEvent();
  hash["hash"] = std::string(128, 'A');
  EXPECT_NE(ParseError(hash).find("128 lowercase hex"), std::string::npos);
  nlohmann::json escape = GoodEvent();
  escape["detail"] = "\x1b]0;owned\x07";
  EXPECT_NE(ParseError(escape).find("control characters"), std::string::npos);
  nlohmann::json c1 = GoodEvent();
  c1["actor"] = "monitor\xC2\x9B" "2J";  // U+009B, the one-byte CSI
  EXPECT_NE(ParseError(c1).find("control characters"), std::string::npos);
  nlohmann::json longer = GoodEvent();
  longer["detail"] = std::string(kMaxCustodyFieldBytes + 1, 'x');
  EXPECT_NE(ParseError(longer).find("longer than a custody event allows"),
            std::string::npos);
  EXPECT_NE(ParseError(nlohmann::json::array()).find("not a JSON object"),
            std::string::npos);
  EXPECT_FALSE(ParseSentCustodyEvent("{\"sequence\": 1,", 1).ok());
}

class ReceivedAuditTest : public HandoffTest {
 protected:
  std::vector<CustodyRecord> Log(Vault& vault) {
    std::vector<CustodyRecord> log;
    EXPECT_TRUE(ForEachCustodyRecord(vault.db(), 0, [&](const CustodyRecord& r) {
                  log.push_back(r);
                  return Status::Ok();
                }).ok());
    return log;
  }

  std::string AuditBundle(const std::string& name, const std::string& audit) {
    std::vector<PayloadFile> payload = {
        {std::string(kAuditPath),
         [audit](crypto::ByteSink& sink) { return sink.Write(crypto::AsBytes(audit)); }}};
    return SealByHand(name, payload);
  }
};

TEST_F(ReceivedAuditTest, HqKeepsTheSendersEventsApartFromItsOwnLog) {
  // An incident recorded with its custody event, as the CLI does: the
  // bundle carries the events about the records it carries
  // (audit_selection_test.cc has the rest of that rule).
  {
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    VaultWrite& w = *write;
    RecordStore store(w.db(), field_->clock(), random_, field_->vault_id(), *normalizer_,
                      nullptr, [&w](const RecordChange& c) {
                        return w.AppendCustodyEvent(
                            {c.action, c.record_type, c.record_id, "", c.detail});
                      });
    ASSERT_TRUE(store.Create(fieldvault::testing::SampleIncident()).ok());
    ASSERT_TRUE(write->Commit().ok());
  }
  std::vector<CustodyRecord> sent_log = Log(*field_);
  std::erase_if(sent_log, [](const CustodyRecord& r) { return r.event.record_id.empty(); });
  ASSERT_EQ(sent_log.size(), 1u);
  const size_t hq_before = Log(*hq_).size();
  ExportResult sent = Export(*field_);
  ReceiveReport report = Receive(*hq_, sent.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  EXPECT_EQ(report.audit_events, sent_log.size());

  auto received = ListReceivedCustodyEvents(hq_->db(), "");
  ASSERT_TRUE(received.ok());
  ASSERT_EQ(received->size(), sent_log.size());
  const std::string key_id = GetVaultIdentity(field_->db())->key_id;
  for (size_t i = 0; i < sent_log.size(); ++i) {
    const ReceivedCustodyEvent& r = (*received)[i];
    EXPECT_EQ(r.bundle_id, sent.bundle_id);
    EXPECT_EQ(r.signer, key_id);
    EXPECT_EQ(r.event.sequence, sent_log[i].sequence);
    EXPECT_EQ(r.event.action, sent_log[i].event.action);
    EXPECT_EQ(r.event.actor, field_->vault_id());
    EXPECT_EQ(r.event.hash, crypto::HexEncode(sent_log[i].hash));
  }
  // HQ's own log gained its "imported" event only.
  std::vector<CustodyRecord> hq_log = Log(*hq_);
  ASSERT_EQ(hq_log.size(), hq_before + 1);
  EXPECT_EQ(hq_log.back().event.action, "imported");
  EXPECT_TRUE(VerifyCustodyChain(hq_->db()).ok());

  EXPECT_EQ(ListReceivedCustodyEvents(hq_->db(), sent.bundle_id.substr(0, 8))->size(),
            sent_log.size());
  EXPECT_TRUE(ListReceivedCustodyEvents(hq_->db(), "ffff")->empty());
  // The same bundle again changes nothing.
  EXPECT_TRUE(Receive(*hq_, sent.path, true).already_imported);
  EXPECT_EQ(ListReceivedCustodyEvents(hq_->db(), "")->size(), sent_log.size());
}

TEST_F(ReceivedAuditTest, EventsOfAFailedExportGoInTheNextBundle) {
  ExportResult first = Export(*field_);
  ASSERT_TRUE(Receive(*hq_, first.path, true).imported);
  ExportRequest failing;
  failing.target = dir_.Join("usb");
  failing.fault = [](ExportStep step) {
    return step == ExportStep::kRename ? Status::IoError("synthetic fault") : Status::Ok();
  };
  clock_.Advance(1000000);
  ASSERT_FALSE(ExportBundle(*field_, failing).ok());
  ExportResult third = Export(*field_);
  ASSERT_TRUE(Receive(*hq_, third.path, true).imported);
  auto received = ListReceivedCustodyEvents(hq_->db(), third.bundle_id);
  ASSERT_TRUE(received.ok());
  std::vector<std::string> events;
  for (const auto& r : *received) {
    events.push_back(r.event.action + ": " + r.event.detail.substr(0, 10));
  }
  // The failed bundle's two events reach HQ in the next one.
  EXPECT_EQ(events, (std::vector<std::string>{"exported: sequence 2",
                                              "export failed: sequence 2"}));
}

TEST_F(ReceivedAuditTest, AMalformedAuditRefusesTheImport) {
  std::string good = GoodEvent(4).dump() + "\n";
  ExpectRefused(Receive(*hq_, AuditBundle("bad.fvb", good + "{\"sequence\": 5}\n"), true),
                "audit.jsonl line 2: field 'occurred_at' is missing");
  ExpectRefused(Receive(*hq_, AuditBundle("order.fvb", good + GoodEvent(4).dump() + "\n"),
                        true),
                "audit.jsonl line 2: the sender's sequence numbers do not increase");
  std::string huge = GoodEvent(9).dump();
  huge.insert(huge.size() - 1, ", \"x\": \"" + std::string(kMaxAuditLineBytes, 'x') + "\"");
  ExpectRefused(Receive(*hq_, AuditBundle("long.fvb", huge + "\n"), true),
                "longer than the format allows");
  EXPECT_TRUE(ListReceivedCustodyEvents(hq_->db(), "")->empty());
  ReceiveReport fine = Receive(*hq_, AuditBundle("fine.fvb", good), true);
  ASSERT_TRUE(fine.imported) << fine.error.ToString();
  EXPECT_EQ(ListReceivedCustodyEvents(hq_->db(), "")->size(), 1u);
}

}  // namespace
}  // namespace fieldvault::core::bundle
