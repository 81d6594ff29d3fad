// The web UI's files, compiled into the binary by cmake/embed_web.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace focusd {

struct WebAsset {
  std::string_view path;  // URL path, e.g. "/index.html"
  std::string_view data;
};

const std::vector<WebAsset>& WebAssets();

}  // namespace focusd
