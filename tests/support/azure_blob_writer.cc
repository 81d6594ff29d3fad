#include "support/azure_blob_writer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth/azure_blob_credential.h"
#include "auth/entra_token.h"
#include "core/time.h"
#include "http/http_client.h"
#include "storage/azure_blob_store.h"

namespace focusd::testing {
namespace {

std::string DecodeBase64(const std::string& in) {
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  size_t pad = (in.size() > 0 && in.back() == '=') + (in.size() > 1 && in[in.size() - 2] == '=');
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string HmacBase64(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &len);
  std::string out(4 * ((len + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), mac, static_cast<int>(len));
  return out;
}

Status Check(const Result<HttpResponse>& r, const std::string& what) {
  if (!r.ok()) return r.status();
  if (r->status / 100 != 2 && !(r->status == 409 && what == "create container"))
    return AzureStorageError(*r, what);
  return Status::Ok();
}

}  // namespace

AzureBlobWriter::AzureBlobWriter(std::string endpoint, std::string account, std::string key, std::string ca_file)
    : endpoint_(std::move(endpoint)), account_(std::move(account)), key_(std::move(key)), ca_file_(std::move(ca_file)) {}

Status AzureBlobWriter::CreateContainer(const std::string& container) {
  auto cred = MakeSharedKeyCredential(account_, SecretString(key_));
  BlobRequest r;
  r.method = "PUT";
  r.endpoint = endpoint_;
  r.resource = "/" + container;
  r.query = {{"restype", "container"}};
  r.headers = {{"x-ms-version", kAzureBlobApiVersion}, {"Content-Length", "0"}};
  r.ca_file = ca_file_;
  ASSIGN_OR_RETURN(HttpRequest req, cred->Authorize(r));
  return Check(HttpClient::Send(req), "create container");
}

Status AzureBlobWriter::Put(const std::string& container, const std::string& name, const std::string& content) {
  auto cred = MakeSharedKeyCredential(account_, SecretString(key_));
  BlobRequest r;
  r.method = "PUT";
  r.endpoint = endpoint_;
  r.resource = "/" + container + "/" + EncodeBlobPath(name);
  r.headers = {{"x-ms-version", kAzureBlobApiVersion},
               {"x-ms-blob-type", "BlockBlob"},
               {"Content-Length", std::to_string(content.size())},
               {"Content-Type", "application/octet-stream"}};
  r.ca_file = ca_file_;
  ASSIGN_OR_RETURN(HttpRequest req, cred->Authorize(r));
  req.body = content;
  return Check(HttpClient::Send(req), "put " + name);
}

std::string AzureBlobWriter::ContainerSas(const std::string& container, const std::string& permissions) const {
  const std::string version = "2020-12-06";
  std::string expiry = FormatIso8601(Clock::now() + std::chrono::hours(1));
  std::string sts = permissions + "\n" + "" + "\n" + expiry + "\n" + "/blob/" + account_ + "/" + container + "\n" +
                    "\n" /*identifier*/ + "\n" /*ip*/ + "https,http\n" + version + "\n" + "c\n" /*resource*/ +
                    "\n" /*snapshot*/ + "\n" /*encryption scope*/ + "\n\n\n\n" /*rscc..rscl*/;
  std::string sig = HmacBase64(DecodeBase64(key_), sts);
  return "sv=" + version + "&spr=https%2Chttp&se=" + FormUrlEncode(expiry) + "&sr=c&sp=" + permissions +
         "&sig=" + FormUrlEncode(sig);
}

}  // namespace focusd::testing
