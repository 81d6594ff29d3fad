// The three GCP test servers wired together (token endpoint, Cloud Storage, BigQuery), and
// service account key files for them, made from RSA keys generated at test time.
#pragma once

#include <openssl/pem.h>

#include <nlohmann/json.hpp>
#include <string>

#include "providers/test_keys.h"
#include "support/gcp_bigquery_server.h"
#include "support/gcp_storage_server.h"
#include "support/gcp_token_server.h"

namespace focusd::testing {

inline std::string PublicPem(const PKey& k) {
  return WritePem([&](BIO* b) { return PEM_write_bio_PUBKEY(b, k.get()); });
}

struct GcpFakeCloud {
  GcpTokenServer token;
  GcpStorageServer storage{token};
  GcpBigQueryServer bigquery{token, storage};

  // A key file for `email` signed with `signing_key`; the token server knows `email` by
  // `registered_key` (pass another key to get a key file Google would refuse).
  std::string KeyJson(const std::string& email, const PKey& signing_key, const PKey& registered_key) {
    token.AddServiceAccount(email, PublicPem(registered_key));
    return nlohmann::json{{"type", "service_account"},
                          {"project_id", "billing-proj"},
                          {"private_key_id", "0123456789abcdef"},
                          {"private_key", Pkcs8Pem(signing_key)},
                          {"client_email", email},
                          {"client_id", "1234567890"},
                          {"token_uri", token.token_uri()}}
        .dump();
  }
  std::string KeyJson(const std::string& email = "focusd@billing-proj.iam.gserviceaccount.com") {
    return KeyJson(email, RsaKey(), RsaKey());
  }

  // An empty FOCUS table (a subset of FOCUS 1.0 columns, plus Google's x_ExportTime) named
  // project.dataset.table, in a dataset at `location`.
  void CreateFocusTable(const std::string& project, const std::string& dataset, const std::string& table,
                        const std::string& location = "US") {
    bigquery.AddDataset(project, dataset, location);
    bigquery.Exec("CREATE TABLE \"" + project + "." + dataset + "." + table +
                  "\" (BillingAccountId VARCHAR, BillingCurrency VARCHAR, BillingPeriodStart TIMESTAMP, "
                  "BillingPeriodEnd TIMESTAMP, ChargePeriodStart TIMESTAMP, ChargePeriodEnd TIMESTAMP, "
                  "ChargeCategory VARCHAR, ServiceName VARCHAR, BilledCost DECIMAL(18,6), "
                  "EffectiveCost DECIMAL(18,6), x_ExportTime TIMESTAMP)");
  }
  // One charge of `cost` on `day` ("2026-01-15") of its month, exported at `export_time`.
  void AddCharge(const std::string& qualified_table, const std::string& day, const std::string& cost,
                 const std::string& export_time, const std::string& service = "Compute Engine") {
    std::string month = day.substr(0, 7) + "-01";
    bigquery.Exec("INSERT INTO \"" + qualified_table + "\" VALUES ('012345-6789AB-CDEF01', 'USD', TIMESTAMP '" +
                  month + "', TIMESTAMP '" + month + "' + INTERVAL 1 MONTH, TIMESTAMP '" + day +
                  "', TIMESTAMP '" + day + "' + INTERVAL 1 DAY, 'Usage', '" + service + "', " + cost + ", " + cost +
                  ", TIMESTAMP '" + export_time + "')");
  }
};

}  // namespace focusd::testing
