#include "providers/secret_kinds.h"

#include <cctype>
#include <functional>
#include <map>

#include "core/secret_string.h"
#include "providers/private_key_pem.h"

namespace focusd {
namespace {

using nlohmann::json;

struct SecretFieldSpec {
  std::string key;
  std::string label;
  std::string help;
  std::string type;  // text | password | textarea
  bool required = true;
  // Multi-line or free-form values (PEM, JSON, passphrases) may carry surrounding
  // whitespace; identifiers and tokens may not, since it would break authentication later.
  bool allow_surrounding_space = false;
};

// The present, non-blank string values of a secret, by key; wiped when dropped. Only the
// checks below read them, and no message they produce quotes them.
using Values = std::map<std::string, SecretString>;
using KindCheck = std::function<void(const Values&, std::vector<FieldError>*)>;

struct SecretKindSpec {
  std::string kind;
  Provider provider;
  std::string label;
  std::vector<SecretFieldSpec> fields;
  KindCheck check;
};

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool IsGuid(const std::string& v) {
  if (v.size() != 36) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? v[i] != '-' : !IsHex(v[i])) return false;
  }
  return true;
}

// A DNS domain such as contoso.onmicrosoft.com: at least two labels of letters, digits and
// inner hyphens, a top-level label of letters.
bool IsDomainName(const std::string& v) {
  if (v.empty() || v.size() > 253) return false;
  size_t start = 0;
  int labels = 0;
  std::string last;
  while (start <= v.size()) {
    size_t end = v.find('.', start);
    if (end == std::string::npos) end = v.size();
    std::string label = v.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    ++labels;
    last = label;
    start = end + 1;
  }
  if (labels < 2 || last.size() < 2) return false;
  for (char c : last) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Strict standard base64 (with padding): returns the decoded length, or -1 if malformed.
long Base64DecodedLength(const std::string& v) {
  if (v.empty() || v.size() % 4 != 0) return -1;
  size_t pad = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '=') {
      if (i < v.size() - 2) return -1;
      ++pad;
      continue;
    }
    if (pad > 0) return -1;  // data after padding
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/') return -1;
  }
  return static_cast<long>(v.size() / 4 * 3 - pad);
}

// "ocid1.<type>.<realm>..<unique id>": the form of tenancy and user OCIDs (no region part).
bool IsGlobalOcid(const std::string& v, const std::string& type) {
  std::string prefix = "ocid1." + type + ".";
  if (v.compare(0, prefix.size(), prefix) != 0) return false;
  size_t realm_end = v.find("..", prefix.size());
  if (realm_end == std::string::npos || realm_end == prefix.size()) return false;
  for (size_t i = prefix.size(); i < realm_end; ++i) {
    if (!IsLowerAlnum(v[i])) return false;
  }
  size_t id_start = realm_end + 2;
  if (id_start >= v.size()) return false;
  for (size_t i = id_start; i < v.size(); ++i) {
    if (!IsLowerAlnum(v[i])) return false;
  }
  return true;
}

bool IsKeyFingerprint(const std::string& v) {
  if (v.size() != 47) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i % 3 == 2 ? v[i] != ':' : !IsHex(v[i])) return false;
  }
  return true;
}

// OCI region identifiers: us-ashburn-1, sa-saopaulo-1, us-gov-ashburn-1, ...
bool IsOciRegion(const std::string& v) {
  size_t last_dash = v.rfind('-');
  if (last_dash == std::string::npos || last_dash + 1 >= v.size()) return false;
  for (size_t i = last_dash + 1; i < v.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(v[i]))) return false;
  }
  std::string words = v.substr(0, last_dash);
  if (words.find('-') == std::string::npos) return false;
  size_t start = 0;
  while (start <= words.size()) {
    size_t end = words.find('-', start);
    if (end == std::string::npos) end = words.size();
    if (end == start) return false;
    for (size_t i = start; i < end; ++i) {
      if (words[i] < 'a' || words[i] > 'z') return false;
    }
    start = end + 1;
  }
  return true;
}

std::string Lower(std::string v) {
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return v;
}

const std::string* Find(const Values& values, const std::string& key) {
  auto it = values.find(key);
  return it == values.end() ? nullptr : &it->second.Reveal();
}

// --- per-kind checks ---------------------------------------------------------------------

void CheckServicePrincipal(const Values& v, std::vector<FieldError>* errors) {
  if (const std::string* tenant = Find(v, "tenant_id")) {
    if (!IsGuid(*tenant) && !IsDomainName(*tenant)) {
      errors->push_back({"tenant_id",
                         "Tenant ID must be a GUID (00000000-0000-0000-0000-000000000000) or a "
                         "domain such as contoso.onmicrosoft.com"});
    }
  }
  if (const std::string* client = Find(v, "client_id")) {
    if (!IsGuid(*client)) {
      errors->push_back(
          {"client_id", "Client ID must be a GUID (00000000-0000-0000-0000-000000000000)"});
    }
  }
}

void CheckStorageKey(const Values& v, std::vector<FieldError>* errors) {
  const std::string* key = Find(v, "account_key");
  if (key == nullptr) return;
  long n = Base64DecodedLength(*key);
  if (n < 0) {
    errors->push_back({"account_key", "Account key must be base64 text"});
  } else if (n != 64) {
    errors->push_back({"account_key",
                       "Account key must decode to 64 bytes (a storage account key is 88 "
                       "base64 characters)"});
  }
}

void CheckSas(const Values& v, std::vector<FieldError>* errors) {
  const std::string* token = Find(v, "sas_token");
  if (token == nullptr) return;
  std::string t = *token;
  if (t.rfind("http://", 0) == 0 || t.rfind("https://", 0) == 0) {
    errors->push_back({"sas_token", "SAS token must be the token (the query string after '?'), "
                                    "not a URL"});
    return;
  }
  if (!t.empty() && t.front() == '?') t.erase(0, 1);
  for (char c : t) {
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c))) {
      errors->push_back({"sas_token", "SAS token must not contain spaces or line breaks"});
      return;
    }
  }
  bool has_sv = false, has_sig = false;
  size_t start = 0;
  while (start <= t.size()) {
    size_t end = t.find('&', start);
    if (end == std::string::npos) end = t.size();
    std::string param = t.substr(start, end - start);
    size_t eq = param.find('=');
    if (eq != std::string::npos && eq + 1 < param.size()) {
      std::string name = param.substr(0, eq);
      if (name == "sv") has_sv = true;
      if (name == "sig") has_sig = true;
    }
    start = end + 1;
  }
  if (!has_sv) {
    errors->push_back({"sas_token", "SAS token must contain the sv= (signed version) parameter"});
  }
  if (!has_sig) {
    errors->push_back({"sas_token", "SAS token must contain the sig= (signature) parameter"});
  }
}

void CheckGcpKey(const Values& v, std::vector<FieldError>* errors) {
  const std::string* text = Find(v, "key_json");
  if (text == nullptr) return;
  const char* kLabel = "Service account JSON key";
  auto fail = [&](const std::string& why) {
    errors->push_back({"key_json", std::string(kLabel) + " " + why});
  };
  // No exceptions: nlohmann's parse_error text quotes the input it stopped at.
  json key = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (key.is_discarded()) return fail("is not valid JSON (paste the whole key file)");
  if (!key.is_object()) return fail("must be a JSON object (paste the whole key file)");
  auto type = key.find("type");
  if (type == key.end() || !type->is_string() || *type != "service_account") {
    return fail("must have \"type\": \"service_account\"");
  }
  for (const char* member : {"project_id", "private_key_id", "private_key", "client_email",
                             "token_uri"}) {
    auto it = key.find(member);
    if (it == key.end() || !it->is_string() || it->get<std::string>().empty()) {
      return fail(std::string("is missing \"") + member + "\"");
    }
  }
  SecretString pem(key["private_key"].get<std::string>());
  PrivateKeyInfo info;
  PrivateKeyError err = InspectPrivateKeyPem(pem, SecretString(), &info);
  if (err != PrivateKeyError::kNone || !info.is_rsa) {
    fail("has a \"private_key\" that is not a PEM RSA private key");
  }
}

void CheckOciKey(const Values& v, std::vector<FieldError>* errors) {
  if (const std::string* t = Find(v, "tenancy_ocid"); t && !IsGlobalOcid(*t, "tenancy")) {
    errors->push_back(
        {"tenancy_ocid", "Tenancy OCID must look like ocid1.tenancy.oc1..<unique id>"});
  }
  if (const std::string* u = Find(v, "user_ocid"); u && !IsGlobalOcid(*u, "user")) {
    errors->push_back({"user_ocid", "User OCID must look like ocid1.user.oc1..<unique id>"});
  }
  const std::string* fingerprint = Find(v, "fingerprint");
  bool fingerprint_ok = fingerprint && IsKeyFingerprint(*fingerprint);
  if (fingerprint && !fingerprint_ok) {
    errors->push_back({"fingerprint",
                       "Fingerprint must be 16 colon-separated hex pairs, like "
                       "12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0"});
  }
  if (const std::string* r = Find(v, "region"); r && !IsOciRegion(*r)) {
    errors->push_back({"region", "Region must be an OCI region identifier such as us-ashburn-1"});
  }
  const std::string* key = Find(v, "private_key");
  if (key == nullptr) return;
  const std::string* pass = Find(v, "passphrase");
  PrivateKeyInfo info;
  switch (InspectPrivateKeyPem(SecretString(*key), SecretString(pass ? *pass : ""), &info)) {
    case PrivateKeyError::kNone:
      break;
    case PrivateKeyError::kNotPem:
      errors->push_back({"private_key", "Private key must be a PEM private key (-----BEGIN "
                                        "PRIVATE KEY----- ...)"});
      return;
    case PrivateKeyError::kNeedsPassphrase:
      errors->push_back({"passphrase", "Passphrase is required: the private key is encrypted"});
      return;
    case PrivateKeyError::kWrongPassphrase:
      errors->push_back({"passphrase", "Passphrase does not decrypt the private key"});
      return;
    case PrivateKeyError::kUnreadable:
      errors->push_back({"private_key", "Private key could not be read as a PEM private key"});
      return;
  }
  if (!info.is_rsa) {
    errors->push_back({"private_key", "Private key must be an RSA key (OCI API keys are RSA)"});
    return;
  }
  if (fingerprint_ok && Lower(*fingerprint) != info.public_key_md5_fingerprint) {
    errors->push_back({"fingerprint",
                       "Fingerprint does not match the private key (OCI shows it next to the "
                       "API key under User settings > API keys)"});
  }
}

const std::vector<SecretKindSpec>& AllKinds() {
  static const std::vector<SecretKindSpec> kKinds = {
      {"azure_service_principal",
       Provider::kAzure,
       "Service principal",
       {{"tenant_id", "Tenant ID",
         "Directory (tenant) ID of the app registration, or the tenant's domain "
         "(contoso.onmicrosoft.com)",
         "text"},
        {"client_id", "Client ID", "Application (client) ID of the app registration", "text"},
        {"client_secret", "Client secret", "A client secret value of the app registration",
         "password"}},
       CheckServicePrincipal},
      {"azure_storage_key",
       Provider::kAzure,
       "Storage account key",
       {{"account_key", "Account key",
         "One of the storage account's access keys (88 base64 characters)", "password"}},
       CheckStorageKey},
      {"azure_sas",
       Provider::kAzure,
       "Shared access signature (SAS)",
       {{"sas_token", "SAS token",
         "The SAS token for the container (the query string with sv= and sig=), with read and "
         "list permissions",
         "password"}},
       CheckSas},
      {"gcp_service_account",
       Provider::kGcp,
       "Service account key",
       {{"key_json", "Service account JSON key",
         "The whole JSON key file of a service account that can read the billing export "
         "dataset and write to the destination bucket",
         "textarea", true, true}},
       CheckGcpKey},
      {"oci_api_key",
       Provider::kOci,
       "API signing key",
       {{"tenancy_ocid", "Tenancy OCID", "OCID of the tenancy (ocid1.tenancy.oc1..)", "text"},
        {"user_ocid", "User OCID", "OCID of the user the API key belongs to (ocid1.user.oc1..)",
         "text"},
        {"fingerprint", "Fingerprint",
         "Fingerprint of the API key, as shown in the console (aa:bb:...:ff)", "text"},
        {"private_key", "Private key", "The API key's private key in PEM format", "textarea",
         true, true},
        {"passphrase", "Passphrase", "Only if the private key is encrypted", "password", false,
         true},
        {"region", "Region", "Home region of the tenancy, such as us-ashburn-1", "text"}},
       CheckOciKey},
  };
  return kKinds;
}

const SecretKindSpec* FindKind(const std::string& kind) {
  for (const SecretKindSpec& k : AllKinds()) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

constexpr size_t kMaxValueBytes = 64 * 1024;

bool HasSurroundingSpace(const std::string& v) {
  return !v.empty() && (std::isspace(static_cast<unsigned char>(v.front())) ||
                        std::isspace(static_cast<unsigned char>(v.back())));
}

}  // namespace

std::vector<std::string> SecretKindsFor(Provider p) {
  std::vector<std::string> kinds;
  for (const SecretKindSpec& k : AllKinds()) {
    if (k.provider == p) kinds.push_back(k.kind);
  }
  return kinds;
}

nlohmann::json SecretKindSchemas(Provider p) {
  json out = json::array();
  for (const SecretKindSpec& k : AllKinds()) {
    if (k.provider != p) continue;
    json fields = json::array();
    for (const SecretFieldSpec& f : k.fields) {
      fields.push_back({{"key", f.key},
                        {"label", f.label},
                        {"help", f.help},
                        {"type", f.type},
                        {"required", f.required}});
    }
    out.push_back({{"kind", k.kind}, {"label", k.label}, {"fields", fields}});
  }
  return out;
}

std::optional<Provider> ProviderOfSecretKind(const std::string& kind) {
  const SecretKindSpec* k = FindKind(kind);
  if (k == nullptr) return std::nullopt;
  return k->provider;
}

std::vector<FieldError> ValidateSecretValue(const std::string& kind, const nlohmann::json& value) {
  const SecretKindSpec* spec = FindKind(kind);
  if (spec == nullptr) return {{"kind", "Unknown secret kind"}};
  if (!value.is_object()) return {{"value", "Secret value must be a JSON object"}};

  std::vector<FieldError> errors;
  for (const auto& [key, v] : value.items()) {
    bool known = false;
    for (const SecretFieldSpec& f : spec->fields) known = known || f.key == key;
    if (!known) errors.push_back({key, "Unknown field for a " + spec->label + " secret"});
  }
  Values values;
  for (const SecretFieldSpec& f : spec->fields) {
    auto it = value.find(f.key);
    if (it == value.end() || it->is_null()) {
      if (f.required) errors.push_back({f.key, f.label + " is required"});
      continue;
    }
    if (!it->is_string()) {
      errors.push_back({f.key, f.label + " must be text"});
      continue;
    }
    const std::string& s = it->get_ref<const std::string&>();
    bool blank = s.find_first_not_of(" \t\r\n\f\v") == std::string::npos;
    if (blank) {
      if (f.required) errors.push_back({f.key, f.label + " is required"});
      continue;
    }
    // Real values are a few KB at most (a JSON key file is ~2.3 KB); this bounds the work
    // done on hostile input.
    if (s.size() > kMaxValueBytes) {
      errors.push_back({f.key, f.label + " must be at most 64 KiB"});
      continue;
    }
    if (!f.allow_surrounding_space && HasSurroundingSpace(s)) {
      errors.push_back({f.key, f.label + " must not start or end with spaces or line breaks"});
      continue;
    }
    values.emplace(f.key, SecretString(s));
  }
  // Kind checks see only well-formed present values; missing ones were reported above.
  if (spec->check) spec->check(values, &errors);
  return errors;
}

}  // namespace focusd
