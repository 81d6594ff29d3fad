#include "providers/oci/oci_billing_source.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "db/duckdb.h"
#include "providers/test_keys.h"
#include "support/gzip.h"
#include "support/oci_object_storage_server.h"

namespace focusd {
namespace {

const char kTenancy[] = "ocid1.tenancy.oc1..aaaaaaaareportstenancy";
const char kUser[] = "ocid1.user.oc1..aaaaaaaareportsuser";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TimePoint At(const std::string& iso) { return *ParseIso8601(iso); }

// A day of an OCI FOCUS report: FOCUS columns, the legacy UsageQuantity/UsageUnit and OCI's
// oci_* extension columns, one row per cost.
std::string DailyReport(const std::string& day, const std::vector<std::string>& costs) {
  std::string csv =
      "BillingPeriodStart,ChargePeriodStart,BilledCost,EffectiveCost,BillingCurrency,ServiceName,UsageQuantity,"
      "UsageUnit,oci_CompartmentName,oci_ReferenceNumber\n";
  int n = 0;
  for (const auto& cost : costs) {
    csv += day.substr(0, 8) + "01T00:00Z," + day + "T00:00Z," + cost + "," + cost + ",USD,Compute,1.5,OCPU Hours,prod,ref-" +
           std::to_string(++n) + "\n";
  }
  return testing::Gzip(csv);
}

class OciBillingSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pem_ = testing::Pkcs8Pem(testing::RsaKey());
    fingerprint_ = testing::OciFingerprint(testing::RsaKey());
    key_id_ = OciKeyId(kTenancy, kUser, fingerprint_);
    server_.AddApiKey(key_id_, testing::OciObjectStorageServer::PublicKeyPem(pem_));
    server_.AllowRead(key_id_, "bling", kTenancy);
    server_.CreateBucket("bling", kTenancy);
    dir_ = ::testing::TempDir() + "/oci_source_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
  }

  nlohmann::json Secret() const {
    return {{"tenancy_ocid", kTenancy}, {"user_ocid", kUser}, {"fingerprint", fingerprint_},
            {"private_key", pem_},      {"region", "us-ashburn-1"}};
  }

  OciBillingSource Source(const nlohmann::json& secret) {
    auto creds = OciApiKeyCredentials::FromSecretJson(secret);
    EXPECT_TRUE(creds.ok()) << creds.status().ToString();
    OciBillingSourceOptions o;
    o.endpoint = server_.endpoint();
    o.retry.sleep = [](std::chrono::milliseconds) {};
    o.page_size = 2;  // several ListObjects pages even for a few files
    return OciBillingSource(std::move(creds).value(), o);
  }
  OciBillingSource Source() { return Source(Secret()); }

  void Put(const std::string& day, const std::vector<std::string>& costs, const std::string& written) {
    std::string key = "FOCUS Reports/" + day.substr(0, 4) + "/" + day.substr(5, 2) + "/" + day.substr(8, 2) +
                      "/0001000000012345-00001.csv.gz";
    bodies_[key] = DailyReport(day, costs);
    server_.PutObject("bling", kTenancy, key, bodies_[key], At(written));
  }

  // What the warehouse will see: the exact BilledCost total over the fetched files.
  std::string Total(const std::vector<std::string>& paths) {
    auto db = DuckDatabase::Open(":memory:");
    EXPECT_TRUE(db.ok());
    auto conn = (*db)->Connect();
    std::string list;
    for (const auto& p : paths) list += (list.empty() ? "" : ", ") + SqlQuote(p);
    auto r = (*conn)->Query("SELECT sum(CAST(BilledCost AS DECIMAL(18,6)))::VARCHAR, count(*) FROM read_csv([" + list +
                            "], header = true, all_varchar = true)");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r->Text(0, 0) + " in " + r->Text(0, 1) + " rows";
  }

  testing::OciObjectStorageServer server_;
  std::string pem_, fingerprint_, key_id_, dir_;
  std::map<std::string, std::string> bodies_;
};

TEST_F(OciBillingSourceTest, TwoMonthsOfReportsFetchByteIdenticalWithExactTotals) {
  Put("2026-01-01", {"10.125000", "0.000001"}, "2026-01-02T04:00:00Z");
  Put("2026-01-02", {"20.5"}, "2026-01-03T04:00:00Z");
  Put("2026-01-31", {"0.333333", "0.333333", "0.333334"}, "2026-02-01T04:00:00Z");
  Put("2026-02-01", {"7.77"}, "2026-02-02T04:00:00Z");
  Put("2026-02-02", {"1234567.89"}, "2026-02-03T04:00:00Z");
  server_.PutObject("bling", kTenancy, "FOCUS Reports/README.txt", "not a report", At("2026-02-03T04:00:00Z"));
  server_.PutObject("bling", kTenancy, "reports/cost-csv/0001.csv.gz", "legacy cost report", At("2026-02-03T04:00:00Z"));

  auto source = Source();
  auto periods = source.Discover();
  ASSERT_TRUE(periods.ok()) << periods.status().ToString();
  ASSERT_EQ(periods->size(), 2u);
  const PeriodDelivery& jan = (*periods)[0];
  const PeriodDelivery& feb = (*periods)[1];
  EXPECT_EQ(jan.billing_period, "2026-01");
  EXPECT_EQ(feb.billing_period, "2026-02");
  ASSERT_EQ(jan.files.size(), 3u);
  ASSERT_EQ(feb.files.size(), 2u);
  EXPECT_EQ(jan.format, FileFormat::kCsvGzip);
  EXPECT_EQ(jan.files[2].key, "FOCUS Reports/2026/01/31/0001000000012345-00001.csv.gz");
  EXPECT_NE(jan.delivery_id, feb.delivery_id);

  auto jan_paths = source.Fetch(jan, dir_ + "/jan");
  ASSERT_TRUE(jan_paths.ok()) << jan_paths.status().ToString();
  ASSERT_EQ(jan_paths->size(), 3u);
  EXPECT_EQ(std::filesystem::path((*jan_paths)[0]).filename(), "2026-01-01-0001000000012345-00001.csv.gz");
  for (size_t i = 0; i < jan.files.size(); ++i) EXPECT_EQ(ReadFile((*jan_paths)[i]), bodies_[jan.files[i].key]);
  EXPECT_EQ(Total(*jan_paths), "31.625001 in 6 rows");

  auto feb_paths = source.Fetch(feb, dir_ + "/feb");
  ASSERT_TRUE(feb_paths.ok()) << feb_paths.status().ToString();
  EXPECT_EQ(Total(*feb_paths), "1234575.660000 in 2 rows");
}

TEST_F(OciBillingSourceTest, ARewrittenDayChangesOnlyItsMonthsDelivery) {
  Put("2026-01-01", {"1.00"}, "2026-01-02T04:00:00Z");
  Put("2026-01-02", {"2.00"}, "2026-01-03T04:00:00Z");
  Put("2026-02-01", {"3.00"}, "2026-02-02T04:00:00Z");
  auto source = Source();
  auto before = source.Discover();
  ASSERT_TRUE(before.ok());
  auto again = source.Discover();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0].delivery_id, (*before)[0].delivery_id);  // nothing changed, nothing to reload
  EXPECT_EQ((*again)[1].delivery_id, (*before)[1].delivery_id);

  // OCI restates 2 January with a late adjustment.
  Put("2026-01-02", {"2.00", "-0.25"}, "2026-02-05T04:00:00Z");
  auto after = source.Discover();
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 2u);
  EXPECT_NE((*after)[0].delivery_id, (*before)[0].delivery_id);
  EXPECT_EQ((*after)[1].delivery_id, (*before)[1].delivery_id);
  auto paths = source.Fetch((*after)[0], dir_ + "/jan");
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(Total(*paths), "2.750000 in 3 rows");  // the whole month, with the new day

  // A new day arriving in February changes February only.
  Put("2026-02-02", {"4.00"}, "2026-02-06T04:00:00Z");
  auto later = source.Discover();
  ASSERT_TRUE(later.ok());
  EXPECT_EQ((*later)[0].delivery_id, (*after)[0].delivery_id);
  EXPECT_NE((*later)[1].delivery_id, (*after)[1].delivery_id);
  EXPECT_EQ((*later)[1].files.size(), 2u);

  // Same bytes and ETag, new time: still a new delivery of January only.
  server_.TouchObject("bling", kTenancy, (*later)[0].files[0].key, At("2026-02-07T04:00:00Z"));
  auto touched = source.Discover();
  ASSERT_TRUE(touched.ok());
  EXPECT_EQ((*touched)[0].files[0].etag, (*later)[0].files[0].etag);
  EXPECT_NE((*touched)[0].delivery_id, (*later)[0].delivery_id);
  EXPECT_EQ((*touched)[1].delivery_id, (*later)[1].delivery_id);
}

TEST_F(OciBillingSourceTest, ThrottledAndBrokenDownloadsStillArriveWhole) {
  Put("2026-03-01", {"5.00"}, "2026-03-02T04:00:00Z");
  auto source = Source();
  server_.FailNext(2, 429);
  auto periods = source.Discover();
  ASSERT_TRUE(periods.ok()) << periods.status().ToString();
  server_.BreakNextDownload((*periods)[0].files[0].key);
  auto paths = source.Fetch((*periods)[0], dir_);
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(ReadFile((*paths)[0]), bodies_[(*periods)[0].files[0].key]);
}

TEST_F(OciBillingSourceTest, TheEndpointOverrideVariableIsUsedWhenNoEndpointIsGiven) {
  Put("2026-03-01", {"5.00"}, "2026-03-02T04:00:00Z");
  OciBillingSourceOptions o;
  o.retry.max_attempts = 1;
  auto source = OciBillingSource::FromSecret(Secret(), o);
  ASSERT_TRUE(source.ok());
  setenv(kOciObjectStorageEndpointEnv, server_.endpoint().c_str(), 1);
  auto periods = (*source)->Discover();
  unsetenv(kOciObjectStorageEndpointEnv);
  ASSERT_TRUE(periods.ok()) << periods.status().ToString();
  EXPECT_EQ(periods->size(), 1u);
}

TEST_F(OciBillingSourceTest, TestConnectionPassesEveryStep) {
  Put("2026-01-01", {"1.00"}, "2026-01-02T04:00:00Z");
  auto report = Source().TestConnection();
  EXPECT_TRUE(report.ok);
  ASSERT_EQ(report.steps.size(), 5u);
  for (const auto& s : report.steps) EXPECT_TRUE(s.ok) << s.name << ": " << s.message;
  EXPECT_EQ(report.steps[4].message, "Found FOCUS Reports/2026/01/01/0001000000012345-00001.csv.gz");
}

void ExpectNoSecrets(const ConnectionReport& report, const std::string& pem, const std::string& passphrase = "") {
  std::string body = testing::PemBody(pem);
  for (const auto& s : report.steps) {
    for (const std::string& text : {s.message, s.hint}) {
      EXPECT_EQ(text.find(body.substr(0, 24)), std::string::npos) << s.name;
      EXPECT_EQ(text.find(body.substr(body.size() / 2, 24)), std::string::npos) << s.name;
      if (!passphrase.empty()) {
        EXPECT_EQ(text.find(passphrase), std::string::npos) << s.name;
      }
    }
  }
}

TEST_F(OciBillingSourceTest, TestConnectionNamesAFingerprintMismatch) {
  auto secret = Secret();
  secret["fingerprint"] = testing::OciFingerprint(testing::OtherRsaKey());
  auto report = Source(secret).TestConnection();
  EXPECT_FALSE(report.ok);
  ASSERT_EQ(report.steps.size(), 2u);
  EXPECT_EQ(report.steps[1].name, "Check key fingerprint");
  EXPECT_FALSE(report.steps[1].ok);
  EXPECT_NE(report.steps[1].message.find(fingerprint_), std::string::npos);
  EXPECT_NE(report.steps[1].hint.find("API keys"), std::string::npos);
  EXPECT_TRUE(server_.requests().empty());  // nothing was sent with a key that cannot work
  ExpectNoSecrets(report, pem_);
}

TEST_F(OciBillingSourceTest, TestConnectionNamesAnEncryptedKeyWithoutOrWithAWrongPassphrase) {
  auto secret = Secret();
  secret["private_key"] = testing::EncryptedPkcs8Pem(testing::RsaKey(), "s3cret-pass");
  auto none = Source(secret).TestConnection();
  ASSERT_EQ(none.steps.size(), 1u);
  EXPECT_NE(none.steps[0].message.find("no passphrase"), std::string::npos);
  secret["passphrase"] = "wrong-pass";
  auto wrong = Source(secret).TestConnection();
  ASSERT_EQ(wrong.steps.size(), 1u);
  EXPECT_NE(wrong.steps[0].message.find("does not decrypt"), std::string::npos);
  ExpectNoSecrets(wrong, secret["private_key"], "wrong-pass");
  secret["passphrase"] = "s3cret-pass";
  Put("2026-01-01", {"1.00"}, "2026-01-02T04:00:00Z");
  auto ok = Source(secret).TestConnection();
  EXPECT_TRUE(ok.ok);
  ExpectNoSecrets(ok, secret["private_key"], "s3cret-pass");
}

TEST_F(OciBillingSourceTest, TestConnectionNamesNotAuthenticatedWhenOciDoesNotKnowTheKey) {
  testing::OciObjectStorageServer other;  // an OCI where this API key was never uploaded
  other.CreateBucket("bling", kTenancy);
  auto creds = OciApiKeyCredentials::FromSecretJson(Secret());
  ASSERT_TRUE(creds.ok());
  OciBillingSourceOptions o;
  o.endpoint = other.endpoint();
  auto report = OciBillingSource(std::move(creds).value(), o).TestConnection();
  EXPECT_FALSE(report.ok);
  ASSERT_EQ(report.steps.size(), 4u);
  EXPECT_EQ(report.steps[3].name, "List FOCUS Reports/");
  EXPECT_NE(report.steps[3].message.find("401 NotAuthenticated"), std::string::npos);
  EXPECT_NE(report.steps[3].hint.find("fingerprint " + fingerprint_), std::string::npos);
  EXPECT_NE(report.steps[3].hint.find("clock"), std::string::npos);
  ExpectNoSecrets(report, pem_);
}

TEST_F(OciBillingSourceTest, TestConnectionNamesAClockMoreThanFiveMinutesOff) {
  server_.SetClock([] { return Clock::now() + std::chrono::minutes(7); });
  auto report = Source().TestConnection();
  ASSERT_EQ(report.steps.size(), 4u);
  EXPECT_NE(report.steps[3].message.find("NotAuthenticated"), std::string::npos);
  EXPECT_EQ(server_.requests().back().auth_error, "date is more than 5 minutes off the server clock");
}

TEST_F(OciBillingSourceTest, TestConnectionNamesTheUsageReportPolicyWhenTheBucketCannotBeRead) {
  // Authenticated, but no endorse policy for the user's group.
  testing::OciObjectStorageServer no_policy;
  no_policy.AddApiKey(key_id_, testing::OciObjectStorageServer::PublicKeyPem(pem_));
  no_policy.CreateBucket("bling", kTenancy);
  auto creds = OciApiKeyCredentials::FromSecretJson(Secret());
  OciBillingSourceOptions o;
  o.endpoint = no_policy.endpoint();
  auto report = OciBillingSource(std::move(creds).value(), o).TestConnection();
  ASSERT_EQ(report.steps.size(), 4u);
  EXPECT_FALSE(report.steps[3].ok);
  EXPECT_NE(report.steps[3].message.find("404 BucketNotFound"), std::string::npos);
  EXPECT_NE(report.steps[3].hint.find("define tenancy usage-report as "
                                      "ocid1.tenancy.oc1..aaaaaaaaned4fkpkisbwjlr56u7cj63lf3wffbilvqknstgtvzub7vhqkggq"),
            std::string::npos);
  EXPECT_NE(report.steps[3].hint.find("endorse group <group> to read objects in tenancy usage-report"),
            std::string::npos);
}

TEST_F(OciBillingSourceTest, TestConnectionNamesAWrongTenancyAsBucketNotFound) {
  // The key authenticates for another tenancy, which has no reports bucket here.
  const std::string other_tenancy = "ocid1.tenancy.oc1..aaaaaaaawrongtenancy";
  server_.AddApiKey(OciKeyId(other_tenancy, kUser, fingerprint_), testing::OciObjectStorageServer::PublicKeyPem(pem_));
  auto secret = Secret();
  secret["tenancy_ocid"] = other_tenancy;
  auto report = Source(secret).TestConnection();
  ASSERT_EQ(report.steps.size(), 4u);
  EXPECT_NE(report.steps[3].message.find("404 BucketNotFound"), std::string::npos);
  EXPECT_NE(report.steps[3].message.find(other_tenancy), std::string::npos);
  EXPECT_NE(report.steps[3].hint.find("tenancy's own OCID"), std::string::npos);
}

TEST_F(OciBillingSourceTest, TestConnectionNamesAnEmptyReportFolder) {
  auto report = Source().TestConnection();
  EXPECT_FALSE(report.ok);
  ASSERT_EQ(report.steps.size(), 5u);
  EXPECT_TRUE(report.steps[3].ok);
  EXPECT_FALSE(report.steps[4].ok);
  EXPECT_EQ(report.steps[4].name, "Find a FOCUS report");
}

TEST_F(OciBillingSourceTest, TestConnectionNamesABadRegion) {
  auto secret = Secret();
  secret["region"] = "Frankfurt";
  auto creds = OciApiKeyCredentials::FromSecretJson(secret);
  auto report = OciBillingSource(std::move(creds).value(), {}).TestConnection();
  ASSERT_EQ(report.steps.size(), 3u);
  EXPECT_EQ(report.steps[2].name, "Object Storage endpoint");
  EXPECT_NE(report.steps[2].hint.find("home region"), std::string::npos);
}

TEST(OciApiKeyCredentialsTest, NamesTheMissingFieldAndNeverAValue) {
  nlohmann::json secret = {{"tenancy_ocid", "t"}, {"user_ocid", "u"}, {"fingerprint", " AA:BB "},
                           {"private_key", "PEM-TEXT"}, {"region", "us-ashburn-1"}};
  auto ok = OciApiKeyCredentials::FromSecretJson(secret);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->fingerprint, "aa:bb");
  EXPECT_TRUE(ok->passphrase.empty());
  for (const char* field : {"tenancy_ocid", "user_ocid", "fingerprint", "private_key", "region"}) {
    auto missing = secret;
    missing.erase(field);
    auto r = OciApiKeyCredentials::FromSecretJson(missing);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().field(), field);
  }
  auto typed = secret;
  typed["private_key"] = 42;
  EXPECT_EQ(OciApiKeyCredentials::FromSecretJson(typed).status().field(), "private_key");
  EXPECT_EQ(OciApiKeyCredentials::FromSecretJson(typed).status().message().find("PEM-TEXT"), std::string::npos);
}

}  // namespace
}  // namespace focusd
