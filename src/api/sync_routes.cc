// Sync and test connection:
//   POST /api/v1/connectors/{id}/sync[?wait=true]  queue a run (202), or run it and answer it
//   GET  /api/v1/connectors/{id}/runs              the run history, newest first
//   POST /api/v1/connectors/{id}/test              test a saved connector's connection
//   POST /api/v1/connectors/test                   test a connector's fields before Save
#include <spdlog/spdlog.h>

#include "api/http_json.h"
#include "core/random.h"
#include "api/routes.h"

namespace focusd {
namespace {

nlohmann::json ReportToJson(const ConnectionReport& r) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : r.steps)
    steps.push_back({{"name", s.name}, {"ok", s.ok}, {"message", s.message}, {"hint", s.hint}});
  return {{"ok", r.ok}, {"steps", steps}};
}

// Builds the connector's source (with its decrypted secret) and runs its checks. Secrets stay
// inside: the report carries step names, messages and hints only.
Result<ConnectionReport> TestConnector(const ApiContext& ctx, const Connector& c) {
  nlohmann::json secret;
  if (c.secret_id) {
    ASSIGN_OR_RETURN(secret, ctx.catalog->RevealSecret(*c.secret_id));
  }
  auto source = ctx.sources->Make(c, secret);
  if (!source.ok()) {
    ConnectionReport r;
    r.steps.push_back({"Read connector settings", false, source.status().message(),
                       "Fix the field named in the message and try again."});
    return r;
  }
  return (*source)->TestConnection();
}

}  // namespace

void AddSyncRoutes(httplib::Server& s, const ApiContext& ctx) {
  s.Post(R"(/api/v1/connectors/([^/]+)/sync)", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto c = ctx.catalog->GetConnector(req.matches[1].str());
    if (!c.ok()) return SendError(res, c.status());
    if (req.get_param_value("wait") == "true") {
      auto run = ctx.sync_runner->Run(c->id, "manual", ctx.sync_options);
      if (!run.ok()) return SendError(res, run.status());
      return SendJson(res, 200, SyncRunToJson(*run));
    }
    auto held = ctx.sync_store->LeaseHeld(c->id, Clock::now());
    if (!held.ok()) return SendError(res, held.status());
    if (*held) return SendError(res, Status::FailedPrecondition("a sync of " + c->name + " is already running"));
    ctx.scheduler->Enqueue(c->id, "manual");
    spdlog::info("sync queued connector={}", c->id);
    SendJson(res, 202, {{"queued", true}});
  });
  s.Get(R"(/api/v1/connectors/([^/]+)/runs)", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto c = ctx.catalog->GetConnector(req.matches[1].str());
    if (!c.ok()) return SendError(res, c.status());
    auto runs = ctx.sync_store->ListRuns(c->id, 100);
    if (!runs.ok()) return SendError(res, runs.status());
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& r : *runs) arr.push_back(SyncRunToJson(r));
    SendJson(res, 200, {{"runs", arr}});
  });
  s.Post("/api/v1/connectors/test", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJsonBody(req, res);
    if (!body) return;
    auto checked = ctx.registry->Check(*body);
    if (!checked.ok()) return SendError(res, checked.error.status, checked.error.fields);
    // Not saved yet, so no id: a throwaway one, for sources that name things after it (GCP's
    // bucket probe goes under focusd/<connector id>/).
    Connector c = *checked.value;
    if (c.id.empty()) c.id = RandomId("con");
    auto report = TestConnector(ctx, c);
    if (!report.ok()) return SendError(res, report.status());
    SendJson(res, 200, ReportToJson(*report));
  });
  s.Post(R"(/api/v1/connectors/([^/]+)/test)", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto c = ctx.catalog->GetConnector(req.matches[1].str());
    if (!c.ok()) return SendError(res, c.status());
    auto report = TestConnector(ctx, *c);
    if (!report.ok()) return SendError(res, report.status());
    SendJson(res, 200, ReportToJson(*report));
  });
}

}  // namespace focusd
