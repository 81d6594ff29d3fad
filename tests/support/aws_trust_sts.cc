#include "support/aws_trust_sts.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "auth/sigv4_signer.h"
#include "http/http_client.h"

namespace focusd::testing {
namespace {

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

// One value of an application/x-www-form-urlencoded body.
std::string FormValue(const std::string& body, const std::string& name) {
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    std::string pair = body.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return PercentDecode(pair.substr(eq + 1));
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return "";
}

bool Matches(const nlohmann::json& v, const std::string& want) {
  if (v.is_string()) return v.get<std::string>() == want;
  if (v.is_array())
    for (const auto& e : v)
      if (e.is_string() && e.get<std::string>() == want) return true;
  return false;
}

}  // namespace

TrustPolicySts::TrustPolicySts(MotoServer* moto) : moto_(moto) {
  server_.Post(R"(.*)", [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::yield();
}

TrustPolicySts::~TrustPolicySts() {
  server_.stop();
  thread_.join();
}

std::string TrustPolicySts::Refusal(const std::string& role_arn, const std::string& external_id) {
  size_t slash = role_arn.rfind('/');
  if (role_arn.find(":role/") == std::string::npos || slash == std::string::npos) return "not a role ARN";
  std::string role = role_arn.substr(slash + 1);
  auto got = moto_->Call("iam", "POST", "/", {},
                         "Action=GetRole&Version=2010-05-08&RoleName=" + sigv4::UriEncode(role, false),
                         {{"Content-Type", "application/x-www-form-urlencoded"}});
  if (!got.ok() || got->status != 200) return "no such role";
  pugi::xml_document doc;
  if (!doc.load_string(got->body.c_str())) return "unreadable GetRole answer";
  std::string text = doc.select_node("//AssumeRolePolicyDocument").node().text().get();
  if (text.rfind("%7B", 0) == 0 || text.rfind("%7b", 0) == 0) text = PercentDecode(text);
  nlohmann::json policy = nlohmann::json::parse(text, nullptr, false);
  if (policy.is_discarded()) return "unreadable trust policy";
  auto statements = policy["Statement"].is_array() ? policy["Statement"] : nlohmann::json::array({policy["Statement"]});
  for (const auto& st : statements) {
    if (st.value("Effect", "") != "Allow" || !Matches(st.value("Action", nlohmann::json()), "sts:AssumeRole")) continue;
    auto cond = st.value("Condition", nlohmann::json::object());
    if (!cond.contains("StringEquals") || !cond["StringEquals"].contains("sts:ExternalId")) return "";
    if (Matches(cond["StringEquals"]["sts:ExternalId"], external_id)) return "";
  }
  return "the trust policy does not allow it";
}

void TrustPolicySts::Handle(const httplib::Request& req, httplib::Response& res) {
  if (FormValue(req.body, "Action") == "AssumeRole") {
    std::string role_arn = FormValue(req.body, "RoleArn");
    if (std::string why = Refusal(role_arn, FormValue(req.body, "ExternalId")); !why.empty()) {
      ++refused_;
      res.status = 403;
      res.set_content("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                      "<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/focusd is not "
                      "authorized to perform: sts:AssumeRole on resource: " + role_arn +
                          "</Message></Error><RequestId>trust-sts</RequestId></ErrorResponse>",
                      "text/xml");
      return;
    }
    ++allowed_;
  }
  HttpRequest up;
  up.method = "POST";
  up.url = moto_->url() + req.target;
  for (const auto& [k, v] : req.headers) {
    std::string lk = k;
    for (auto& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lk == "authorization" || lk == "content-type" || lk.rfind("x-amz-", 0) == 0) up.headers.emplace_back(k, v);
  }
  up.body = req.body;
  auto r = HttpClient::Send(up);
  if (!r.ok()) {
    res.status = 502;
    return;
  }
  res.status = r->status;
  res.set_content(r->body, "text/xml");
}

}  // namespace focusd::testing
