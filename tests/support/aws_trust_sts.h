// STS in front of moto that does what moto's plain mode does not: evaluate the role's trust
// policy. moto assumes any role, existing or not, with any external id; real STS refuses with
// 403 AccessDenied unless the role exists and a statement of its trust policy allows
// sts:AssumeRole with the caller's sts:ExternalId. This server reads the role from moto's IAM
// (GetRole), checks the StringEquals sts:ExternalId condition and forwards an allowed call to
// moto's STS unchanged, so the credentials are moto's. (The Principal is not checked: in
// moto every caller is the same default account.)
#pragma once

#include <httplib.h>

#include <atomic>
#include <string>
#include <thread>

#include "support/moto_server.h"

namespace focusd::testing {

class TrustPolicySts {
 public:
  explicit TrustPolicySts(MotoServer* moto);
  ~TrustPolicySts();
  TrustPolicySts(const TrustPolicySts&) = delete;
  TrustPolicySts& operator=(const TrustPolicySts&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int refused() const { return refused_; }
  int allowed() const { return allowed_; }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res);
  // "" when the role's trust policy lets a caller with `external_id` assume it, else why not.
  std::string Refusal(const std::string& role_arn, const std::string& external_id);

  MotoServer* moto_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> refused_{0};
  std::atomic<int> allowed_{0};
};

}  // namespace focusd::testing
