#include "providers/field_rules.h"

#include <cstdint>
#include <vector>

namespace focusd {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLowerAlnum(char c) { return IsLower(c) || IsDigit(c); }
bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Decodes UTF-8 into code points; false when the bytes are not valid UTF-8 (overlong forms,
// surrogates and truncated sequences included).
bool DecodeUtf8(std::string_view s, std::vector<uint32_t>* out) {
  out->clear();
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      len = 1; cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2; cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3; cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4; cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    out->push_back(cp);
    i += len;
  }
  return true;
}

// Four dot-separated groups of 1-3 digits: how S3 and Cloud Storage define "looks like an
// IP address" (they reject 999.1.1.1 too).
bool LooksLikeIpv4(std::string_view s) {
  int groups = 0;
  size_t i = 0;
  while (true) {
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    size_t n = i - start;
    if (n < 1 || n > 3) return false;
    ++groups;
    if (i == s.size()) return groups == 4;
    if (s[i] != '.') return false;
    ++i;
  }
}

// Rules every object-store path in a connector follows. `where` names the container the
// path is inside ("bucket", "storage account") for the URL message.
std::optional<std::string> CheckObjectPath(std::string_view v, const char* where) {
  if (v.empty()) return "is required";
  if (v.size() > 1024) return "must be at most 1024 characters";
  std::vector<uint32_t> cps;
  if (!DecodeUtf8(v, &cps)) return "must be valid UTF-8 text";
  if (v.find("://") != std::string_view::npos) {
    return std::string("must be a path inside the ") + where + ", not a URL";
  }
  if (v.front() == '/') return "must not start with '/'";
  if (v.find("//") != std::string_view::npos) return "must not contain '//'";
  for (char c : v) {
    if (IsControl(static_cast<unsigned char>(c))) return "must not contain control characters";
    if (c == '\\') return "must use '/' between folders, not '\\'";
  }
  size_t start = 0;
  while (start <= v.size()) {
    size_t end = v.find('/', start);
    if (end == std::string_view::npos) end = v.size();
    std::string_view seg = v.substr(start, end - start);
    if (seg == "." || seg == "..") return "must not contain '.' or '..' folders";
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> CheckConnectorName(std::string_view v) {
  if (v.empty()) return "is required";
  std::vector<uint32_t> cps;
  if (!DecodeUtf8(v, &cps)) return "must be valid UTF-8 text";
  if (cps.size() > 100) return "must be at most 100 characters";
  for (uint32_t cp : cps) {
    bool ok = (cp < 0x80 && (IsLower(static_cast<char>(cp)) || IsUpper(static_cast<char>(cp)) ||
                             IsDigit(static_cast<char>(cp)) || cp == ' ' || cp == '-' ||
                             cp == '_' || cp == '.')) ||
              (cp >= 0xC0 && cp <= 0x17F && cp != 0xD7 && cp != 0xF7);
    if (!ok) return "may contain only letters, digits, spaces, '-', '_' and '.'";
  }
  if (cps.front() == ' ' || cps.back() == ' ') return "must not start or end with a space";
  return std::nullopt;
}

// --- AWS ---------------------------------------------------------------------------------

std::optional<std::string> CheckAwsAccountId(std::string_view v) {
  if (v.size() != 12) return "must be exactly 12 digits";
  for (char c : v) {
    if (!IsDigit(c)) return "must be exactly 12 digits";
  }
  return std::nullopt;
}

std::optional<std::string> CheckS3BucketName(std::string_view v) {
  if (v.size() < 3 || v.size() > 63) return "must be 3 to 63 characters long";
  for (char c : v) {
    if (IsUpper(c)) return "must be lowercase";
    if (!IsLowerAlnum(c) && c != '.' && c != '-') {
      return "may contain only lowercase letters, digits, '.' and '-'";
    }
  }
  if (!IsLowerAlnum(v.front()) || !IsLowerAlnum(v.back())) {
    return "must start and end with a letter or digit";
  }
  if (v.find("..") != std::string_view::npos) return "must not contain two adjacent periods";
  if (LooksLikeIpv4(v)) return "must not be formatted as an IP address";
  for (const char* prefix : {"xn--", "sthree-", "amzn-s3-demo-"}) {
    if (StartsWith(v, prefix)) return "must not start with the reserved prefix " + Quoted(prefix);
  }
  for (const char* suffix : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
    if (EndsWith(v, suffix)) return "must not end with the reserved suffix " + Quoted(suffix);
  }
  return std::nullopt;
}

std::optional<std::string> CheckS3Prefix(std::string_view v) {
  if (auto problem = CheckObjectPath(v, "bucket")) return problem;
  if (v.find_first_of("*?$") != std::string_view::npos) {
    return "must not contain '*', '?' or '$' (they would act as wildcards or variables in the "
           "IAM policy)";
  }
  return std::nullopt;
}

std::optional<std::string> CheckIamRoleName(std::string_view v) {
  if (v.empty() || v.size() > 64) return "must be 1 to 64 characters long";
  for (char c : v) {
    bool ok = IsLower(c) || IsUpper(c) || IsDigit(c) ||
              std::string_view("+=,.@_-").find(c) != std::string_view::npos;
    if (!ok) return "may contain only letters, digits and + = , . @ _ -";
  }
  return std::nullopt;
}

std::optional<std::string> CheckAwsExternalId(std::string_view v) {
  static constexpr std::string_view kPrefix = "focusd-";
  bool ok = v.size() == kPrefix.size() + 32 && StartsWith(v, kPrefix);
  for (size_t i = kPrefix.size(); ok && i < v.size(); ++i) {
    ok = IsDigit(v[i]) || (v[i] >= 'a' && v[i] <= 'f');
  }
  if (!ok) return "must be \"focusd-\" followed by 32 lowercase hex characters";
  return std::nullopt;
}

// --- Azure -------------------------------------------------------------------------------

std::optional<std::string> CheckAzureStorageAccount(std::string_view v) {
  if (v.size() < 3 || v.size() > 24) return "must be 3 to 24 characters long";
  for (char c : v) {
    if (IsUpper(c)) return "must be lowercase";
    if (!IsLowerAlnum(c)) return "may contain only lowercase letters and digits";
  }
  return std::nullopt;
}

std::optional<std::string> CheckAzureContainerName(std::string_view v) {
  if (v.size() < 3 || v.size() > 63) return "must be 3 to 63 characters long";
  for (char c : v) {
    if (IsUpper(c)) return "must be lowercase";
    if (!IsLowerAlnum(c) && c != '-') return "may contain only lowercase letters, digits and '-'";
  }
  if (!IsLowerAlnum(v.front()) || !IsLowerAlnum(v.back())) {
    return "must start and end with a letter or digit";
  }
  if (v.find("--") != std::string_view::npos) return "must not contain consecutive hyphens";
  return std::nullopt;
}

std::optional<std::string> CheckAzureBlobPath(std::string_view v) {
  if (auto problem = CheckObjectPath(v, "storage account")) return problem;
  std::string_view container = v.substr(0, v.find('/'));
  if (auto problem = CheckAzureContainerName(container)) {
    return "must start with the container name, which " + *problem;
  }
  return std::nullopt;
}

// --- GCP ---------------------------------------------------------------------------------

std::optional<std::string> CheckGcpBillingAccountId(std::string_view v) {
  bool ok = v.size() == 20 && v[6] == '-' && v[13] == '-';
  for (size_t i = 0; ok && i < v.size(); ++i) {
    if (i == 6 || i == 13) continue;
    ok = IsDigit(v[i]) || (v[i] >= 'A' && v[i] <= 'F');
  }
  if (!ok) return "must look like 012345-6789AB-CDEF01 (three groups of 6 hex characters)";
  return std::nullopt;
}

std::optional<std::string> CheckGcpProjectId(std::string_view v) {
  if (v.size() < 6 || v.size() > 30) return "must be 6 to 30 characters long";
  for (char c : v) {
    if (IsUpper(c)) return "must be lowercase";
    if (!IsLowerAlnum(c) && c != '-') return "may contain only lowercase letters, digits and '-'";
  }
  if (!IsLower(v.front())) return "must start with a letter";
  if (v.back() == '-') return "must not end with a hyphen";
  return std::nullopt;
}

std::optional<std::string> CheckGcpLocation(std::string_view v) {
  if (v == "US" || v == "EU") return std::nullopt;
  // region = letters "-" letters digits(1-2), e.g. us-central1, southamerica-east1.
  size_t dash = v.find('-');
  bool ok = dash != std::string_view::npos && dash > 0;
  for (size_t i = 0; ok && i < dash; ++i) ok = IsLower(v[i]);
  size_t i = dash + 1;
  size_t letters = 0;
  while (ok && i < v.size() && IsLower(v[i])) { ++i; ++letters; }
  size_t digits = 0;
  while (ok && i < v.size() && IsDigit(v[i])) { ++i; ++digits; }
  ok = ok && letters > 0 && digits >= 1 && digits <= 2 && i == v.size();
  if (!ok) return "must be US, EU or a region such as us-central1";
  return std::nullopt;
}

std::optional<std::string> CheckBigQueryDatasetName(std::string_view v) {
  if (v.empty() || v.size() > 1024) return "must be 1 to 1024 characters long";
  for (char c : v) {
    if (!IsLower(c) && !IsUpper(c) && !IsDigit(c) && c != '_') {
      return "may contain only letters, digits and '_'";
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckGcsBucketName(std::string_view v) {
  bool dotted = v.find('.') != std::string_view::npos;
  if (v.size() < 3 || v.size() > (dotted ? 222u : 63u)) {
    return "must be 3 to 63 characters long (up to 222 when it contains dots)";
  }
  for (char c : v) {
    if (IsUpper(c)) return "must be lowercase";
    if (!IsLowerAlnum(c) && c != '-' && c != '_' && c != '.') {
      return "may contain only lowercase letters, digits, '-', '_' and '.'";
    }
  }
  if (!IsLowerAlnum(v.front()) || !IsLowerAlnum(v.back())) {
    return "must start and end with a letter or digit";
  }
  if (v.find("..") != std::string_view::npos) return "must not contain two adjacent periods";
  size_t start = 0;
  while (start < v.size()) {
    size_t end = v.find('.', start);
    if (end == std::string_view::npos) end = v.size();
    if (end - start > 63) return "must not have a dot-separated part longer than 63 characters";
    start = end + 1;
  }
  if (LooksLikeIpv4(v)) return "must not be formatted as an IP address";
  if (StartsWith(v, "goog")) return "must not start with \"goog\"";
  if (v.find("google") != std::string_view::npos || v.find("g00gle") != std::string_view::npos) {
    return "must not contain \"google\" or a misspelling of it";
  }
  return std::nullopt;
}

}  // namespace focusd
