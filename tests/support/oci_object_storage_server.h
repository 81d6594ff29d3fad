// A local stand-in for OCI Object Storage, for tests: serves buckets (the cost reports'
// `bling` namespace with a bucket named after a tenancy) through the native API's paths
//   GET/HEAD /n/{namespace}/b/{bucket}/o/{object}    (Range, if-match)
//   GET      /n/{namespace}/b/{bucket}/o?prefix=&start=&limit=&fields=
// and authenticates every request the way OCI does: the Authorization header's signature is
// verified with the public key registered for its keyId, the required headers must be signed,
// and the signed Date must be within 5 minutes of the server's (injectable) clock. Failures
// answer like OCI: 401 {"code":"NotAuthenticated",...}; a bucket the key's user may not read
// (no policy) answers 404 BucketNotFound, exactly as a missing bucket does.
#pragma once

#include <httplib.h>

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/time.h"

namespace focusd::testing {

class OciObjectStorageServer {
 public:
  OciObjectStorageServer();
  ~OciObjectStorageServer();
  OciObjectStorageServer(const OciObjectStorageServer&) = delete;
  OciObjectStorageServer& operator=(const OciObjectStorageServer&) = delete;

  // "http://127.0.0.1:<port>"
  std::string endpoint() const;

  // The public half of a private key PEM, as the user uploads it to OCI.
  static std::string PublicKeyPem(const std::string& private_key_pem);

  // An API key OCI knows: requests signed with `key_id` are verified with this public key.
  void AddApiKey(const std::string& key_id, const std::string& public_key_pem);
  // The IAM policy: `key_id`'s user may read objects in the bucket.
  void AllowRead(const std::string& key_id, const std::string& ns, const std::string& bucket);
  void CreateBucket(const std::string& ns, const std::string& bucket);
  // Creates or rewrites an object (creating its bucket); every write gets a new ETag and the given time.
  void PutObject(const std::string& ns, const std::string& bucket, const std::string& name, std::string body,
                 TimePoint modified);
  // Changes only an object's timeModified (its ETag stays): OCI re-publishing the same bytes.
  void TouchObject(const std::string& ns, const std::string& bucket, const std::string& name, TimePoint modified);
  void DeleteObject(const std::string& ns, const std::string& bucket, const std::string& name);

  void SetClock(std::function<TimePoint()> now);
  void SetPageSize(int objects);
  // The next `count` requests are answered with `status` (429, 503) before anything else.
  void FailNext(int count, int status);
  // The next GetObject of `name` promises the whole body, sends half and drops the connection.
  void BreakNextDownload(const std::string& name);

  struct LoggedRequest {
    std::string method;
    std::string target;       // raw path and query
    int status = 0;
    std::string range;        // the Range header, if any
    std::string auth_error;   // why authentication failed, for a 401
  };
  std::vector<LoggedRequest> requests() const;
  void ClearRequests();

 private:
  struct Object {
    std::string body;
    std::string etag;
    TimePoint created;
    TimePoint modified;
  };
  using BucketKey = std::pair<std::string, std::string>;  // namespace, bucket

  void Handle(const httplib::Request& req, httplib::Response& res);
  // Empty when the signature holds; otherwise why not (for the log and the 401 message).
  std::string Authenticate(const httplib::Request& req, std::string* key_id);
  void HandleList(const httplib::Request& req, httplib::Response& res, const std::map<std::string, Object>& objects);
  void HandleGet(const httplib::Request& req, httplib::Response& res, const std::string& name, const Object& object);

  mutable std::mutex mu_;
  std::map<std::string, std::string> public_keys_;     // keyId -> public key PEM
  std::set<std::pair<std::string, BucketKey>> grants_;  // keyId, bucket
  std::map<BucketKey, std::map<std::string, Object>> buckets_;
  std::function<TimePoint()> now_;
  int page_size_ = 1000;
  int fail_count_ = 0;
  int fail_status_ = 503;
  std::set<std::string> break_next_;
  int etag_counter_ = 0;
  int request_counter_ = 0;
  std::vector<LoggedRequest> log_;

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace focusd::testing
