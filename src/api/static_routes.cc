// The embedded web UI, the OpenAPI document and the AWS reader-role template.
#include <string>

#include "api/http_json.h"
#include "api/routes.h"
#include "api/web_assets.h"
#include "providers/aws_role_template.h"

namespace focusd {
namespace {

const char* ContentType(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

const WebAsset* FindAsset(std::string_view path) {
  for (const auto& a : WebAssets())
    if (a.path == path) return &a;
  return nullptr;
}

}  // namespace

void AddStaticRoutes(httplib::Server& s) {
  s.Get("/api/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    const WebAsset* a = FindAsset("/openapi.json");
    if (!a) return SendError(res, Status::NotFound("no OpenAPI document built in"));
    res.set_content(std::string(a->data), "application/json");
  });
  // No token needed: the template only echoes the values given, and a browser link must work.
  s.Get("/deploy/aws/focusd-billing-reader.yaml", [](const httplib::Request& req, httplib::Response& res) {
    std::string ext = req.get_param_value("ExternalId"), bucket = req.get_param_value("BucketName"),
                path = req.get_param_value("BillingPath");
    auto errors = AwsRoleTemplateErrors(ext, bucket, path);
    if (!errors.empty())
      return SendError(res, Status::InvalidArgument(errors.front().message, errors.front().field), errors);
    res.set_header("Content-Disposition", "attachment; filename=\"focusd-billing-reader.yaml\"");
    res.set_content(AwsRoleTemplate(ext, bucket, path), "application/x-yaml");
  });
  s.Get(R"(/(.*))", [](const httplib::Request& req, httplib::Response& res) {
    std::string path = req.path == "/" ? "/index.html" : req.path;
    const WebAsset* a = FindAsset(path);
    if (!a || path.rfind("/api/", 0) == 0) {
      res.status = 404;
      res.set_content("not found", "text/plain");
      return;
    }
    // index.html must revalidate so a new build's UI is picked up; the rest may be cached briefly.
    res.set_header("Cache-Control", path == "/index.html" ? "no-cache" : "max-age=300");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(std::string(a->data), ContentType(path));
  });
}

}  // namespace focusd
