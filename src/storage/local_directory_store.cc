#include "storage/local_directory_store.h"

#include <algorithm>
#include <filesystem>

#include "core/time.h"

namespace fs = std::filesystem;

namespace focusd {
namespace {

ObjectInfo InfoOf(const fs::path& path, const std::string& key) {
  ObjectInfo info;
  info.key = key;
  info.size = static_cast<int64_t>(fs::file_size(path));
  auto mtime = fs::last_write_time(path);
  auto sys = std::chrono::file_clock::to_sys(mtime);
  info.last_modified = FormatIso8601(std::chrono::time_point_cast<Clock::duration>(sys));
  // Size and modification time stand in for an ETag: they change when the file is rewritten.
  info.etag = std::to_string(info.size) + "-" +
              std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count());
  return info;
}

}  // namespace

Result<std::vector<ObjectInfo>> LocalDirectoryStore::List(const std::string& prefix) {
  std::vector<ObjectInfo> out;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) return Status::NotFound("no directory " + root_);
  for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string key = fs::relative(it->path(), root_).generic_string();
    if (key.rfind(prefix, 0) == 0) out.push_back(InfoOf(it->path(), key));
  }
  if (ec) return Status::IoError("cannot list " + root_ + ": " + ec.message());
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

Result<ObjectInfo> LocalDirectoryStore::Stat(const std::string& key) {
  fs::path p = fs::path(root_) / key;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return Status::NotFound("no object " + key + " in " + Describe());
  return InfoOf(p, key);
}

Status LocalDirectoryStore::Download(const ObjectInfo& object, const std::string& local_path) {
  std::error_code ec;
  fs::copy_file(fs::path(root_) / object.key, local_path, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::IoError("cannot copy " + object.key + ": " + ec.message());
  if (static_cast<int64_t>(fs::file_size(local_path)) != object.size)
    return Status::DataLoss(object.key + " changed while it was copied");
  return Status::Ok();
}

}  // namespace focusd
