#include "storage/oci_object_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "http/http_date.h"
#include "providers/test_keys.h"
#include "support/oci_object_storage_server.h"

namespace focusd {
namespace {

const char kTenancy[] = "ocid1.tenancy.oc1..aaaaaaaatesttenancy";
const char kUser[] = "ocid1.user.oc1..aaaaaaaatestuser";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TimePoint At(const char* iso) { return *ParseIso8601(iso); }

class OciObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pem_ = testing::Pkcs8Pem(testing::RsaKey());
    key_id_ = OciKeyId(kTenancy, kUser, testing::OciFingerprint(testing::RsaKey()));
    server_.AddApiKey(key_id_, testing::OciObjectStorageServer::PublicKeyPem(pem_));
    server_.AllowRead(key_id_, "bling", kTenancy);
    server_.CreateBucket("bling", kTenancy);
  }

  OciObjectStore Store(const std::string& pem, int page_size = 1000) {
    auto signer = OciRequestSigner::Create(key_id_, SecretString(pem));
    EXPECT_TRUE(signer.ok());
    OciObjectStoreOptions o;
    o.endpoint = server_.endpoint();
    o.namespace_name = "bling";
    o.bucket = kTenancy;
    o.signer = std::make_shared<OciRequestSigner>(std::move(signer).value());
    o.retry.sleep = [this](std::chrono::milliseconds d) { waits_.push_back(d); };
    o.page_size = page_size;
    return OciObjectStore(o);
  }
  OciObjectStore Store() { return Store(pem_); }

  testing::OciObjectStorageServer server_;
  std::string pem_;
  std::string key_id_;
  std::vector<std::chrono::milliseconds> waits_;
};

TEST_F(OciObjectStoreTest, ListsEveryPageUnderThePrefixWithSizeEtagAndTime) {
  for (int day = 1; day <= 5; ++day) {
    char name[64];
    std::snprintf(name, sizeof name, "FOCUS Reports/2026/01/%02d/report.csv.gz", day);
    server_.PutObject("bling", kTenancy, name, std::string(100 + day, 'x'), At("2026-01-10T06:00:00Z"));
  }
  server_.PutObject("bling", kTenancy, "reports/cost-csv/0001.csv.gz", "legacy", At("2026-01-10T06:00:00Z"));
  auto store = Store(pem_, /*page_size=*/2);
  auto list = store.List("FOCUS Reports/");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 5u);
  EXPECT_EQ((*list)[0].key, "FOCUS Reports/2026/01/01/report.csv.gz");
  EXPECT_EQ((*list)[4].key, "FOCUS Reports/2026/01/05/report.csv.gz");
  EXPECT_EQ((*list)[4].size, 105);
  EXPECT_FALSE((*list)[4].etag.empty());
  EXPECT_EQ((*list)[4].last_modified, "2026-01-10T06:00:00.000Z");
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 3u);  // pages of 2, 2, 1
  EXPECT_NE(reqs[0].target.find("prefix=FOCUS%20Reports%2F"), std::string::npos);
  EXPECT_NE(reqs[0].target.find("fields=name,size,etag,timeCreated,timeModified"), std::string::npos);
  EXPECT_NE(reqs[1].target.find("start=FOCUS%20Reports%2F2026%2F01%2F03%2Freport.csv.gz"), std::string::npos);
}

TEST_F(OciObjectStoreTest, DownloadsByteIdenticalResumingABrokenConnection) {
  std::string body;
  for (int i = 0; i < 300000; ++i) body.push_back(static_cast<char>(i * 7 % 251));
  server_.PutObject("bling", kTenancy, "FOCUS Reports/2026/01/01/a.csv.gz", body, At("2026-01-02T00:00:00Z"));
  auto store = Store();
  auto info = store.Stat("FOCUS Reports/2026/01/01/a.csv.gz");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, static_cast<int64_t>(body.size()));
  EXPECT_EQ(info->last_modified, "2026-01-02T00:00:00Z");

  server_.BreakNextDownload("FOCUS Reports/2026/01/01/a.csv.gz");
  server_.ClearRequests();
  std::string path = ::testing::TempDir() + "/oci_a.csv.gz";
  Status st = store.Download(*info, path);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(ReadFile(path), body);
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].range, "bytes=" + std::to_string(body.size() / 2) + "-");
}

TEST_F(OciObjectStoreTest, StatOfAMissingObjectIsNotFound) {
  auto info = Store().Stat("FOCUS Reports/2026/01/01/missing.csv.gz");
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), StatusCode::kNotFound);
  EXPECT_NE(info.status().message().find("missing.csv.gz"), std::string::npos);
}

TEST_F(OciObjectStoreTest, AnObjectRewrittenBeforeTheDownloadIsRefusedNotMixed) {
  server_.PutObject("bling", kTenancy, "FOCUS Reports/2026/01/01/a.csv.gz", "version one", At("2026-01-02T00:00:00Z"));
  auto store = Store();
  auto list = store.List("FOCUS Reports/");
  ASSERT_TRUE(list.ok());
  server_.PutObject("bling", kTenancy, "FOCUS Reports/2026/01/01/a.csv.gz", "version two", At("2026-01-03T00:00:00Z"));
  Status st = store.Download((*list)[0], ::testing::TempDir() + "/oci_rewritten.csv.gz");
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("IfMatchFailed"), std::string::npos);
}

TEST_F(OciObjectStoreTest, RetriesThrottlingAndOutagesWithBackoff) {
  server_.PutObject("bling", kTenancy, "FOCUS Reports/2026/01/01/a.csv.gz", "x", At("2026-01-02T00:00:00Z"));
  server_.FailNext(2, 503);
  auto store = Store();
  auto list = store.List("FOCUS Reports/");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->size(), 1u);
  EXPECT_EQ(waits_.size(), 2u);
  server_.FailNext(1, 429);
  EXPECT_TRUE(store.List("FOCUS Reports/").ok());
  EXPECT_EQ(waits_.size(), 3u);
  EXPECT_EQ(server_.requests().back().status, 200);
}

TEST_F(OciObjectStoreTest, ServerRefusesAWrongKeyWithNotAuthenticated) {
  // Signed with another private key under the registered keyId.
  auto store = Store(testing::Pkcs8Pem(testing::OtherRsaKey()));
  auto list = store.List("FOCUS Reports/");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(list.status().message().find("HTTP 401 NotAuthenticated"), std::string::npos);
  EXPECT_NE(server_.requests().back().auth_error.find("does not verify"), std::string::npos);
}

TEST_F(OciObjectStoreTest, ServerRefusesADateMoreThanFiveMinutesOff) {
  auto store = Store();
  server_.SetClock([] { return Clock::now() + std::chrono::minutes(4); });
  EXPECT_TRUE(store.List("FOCUS Reports/").ok());
  server_.SetClock([] { return Clock::now() - std::chrono::minutes(6); });
  auto list = store.List("FOCUS Reports/");
  EXPECT_EQ(list.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(server_.requests().back().auth_error.find("5 minutes"), std::string::npos);
}

TEST_F(OciObjectStoreTest, ServerRefusesARequestWithAnUnsignedRequiredHeader) {
  auto signer = OciRequestSigner::Create(key_id_, SecretString(pem_));
  ASSERT_TRUE(signer.ok());
  std::string url = server_.endpoint() + "/n/bling/b/" + std::string(kTenancy) + "/o?prefix=x";
  // A signature over date and (request-target) only: the host is not covered.
  std::string date = FormatHttpDate(Clock::now());
  auto sig = signer->SignString("date: " + date + "\n" + OciRequestTarget("GET", url));
  ASSERT_TRUE(sig.ok());
  HttpRequest req;
  req.url = url;
  req.headers = {{"date", date},
                 {"authorization", "Signature version=\"1\",headers=\"date (request-target)\",keyId=\"" + key_id_ +
                                       "\",algorithm=\"rsa-sha256\",signature=\"" + *sig + "\""}};
  auto r = HttpClient::Send(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(r->body.find("NotAuthenticated"), std::string::npos);
  EXPECT_EQ(server_.requests().back().auth_error, "header host is not signed");

  // The same request, properly signed, is accepted: the refusal was about the header.
  HttpRequest good;
  good.url = url;
  ASSERT_TRUE(signer->Sign(good, Clock::now()).ok());
  EXPECT_EQ(HttpClient::Send(good)->status, 200);
}

TEST_F(OciObjectStoreTest, ABucketWithoutAReadPolicyIsNotFound) {
  server_.CreateBucket("bling", "ocid1.tenancy.oc1..other");
  OciObjectStoreOptions o;
  o.endpoint = server_.endpoint();
  o.namespace_name = "bling";
  o.bucket = "ocid1.tenancy.oc1..other";
  o.signer = std::make_shared<OciRequestSigner>(*OciRequestSigner::Create(key_id_, SecretString(pem_)));
  OciObjectStore store(o);
  auto list = store.List("FOCUS Reports/");
  EXPECT_EQ(list.status().code(), StatusCode::kNotFound);
  EXPECT_NE(list.status().message().find("BucketNotFound"), std::string::npos);
  EXPECT_NE(list.status().message().find("opc-request-id"), std::string::npos);
}

TEST(OciEndpointTest, MapsRegionsToTheirRealmsDomain) {
  EXPECT_EQ(*OciObjectStorageEndpoint("us-ashburn-1"), "https://objectstorage.us-ashburn-1.oraclecloud.com");
  EXPECT_EQ(*OciObjectStorageEndpoint("eu-frankfurt-1"), "https://objectstorage.eu-frankfurt-1.oraclecloud.com");
  EXPECT_EQ(*OciObjectStorageEndpoint("us-gov-ashburn-1"), "https://objectstorage.us-gov-ashburn-1.oraclegovcloud.com");
  EXPECT_EQ(*OciObjectStorageEndpoint("uk-gov-london-1"), "https://objectstorage.uk-gov-london-1.oraclegovcloud.uk");
  EXPECT_EQ(*OciObjectStorageEndpoint("ap-chiyoda-1"), "https://objectstorage.ap-chiyoda-1.oraclecloud8.com");
  auto bad = OciObjectStorageEndpoint("Ashburn");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "region");
  EXPECT_FALSE(OciObjectStorageEndpoint("evil.com/x-1").ok());
}

}  // namespace
}  // namespace focusd
