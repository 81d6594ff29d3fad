// RFC 3986 percent-encoding: everything but the unreserved characters A-Z a-z 0-9 - . _ ~
// is encoded (and '/' too unless keep_slash). The form SigV4 and every cloud REST API expect.
#pragma once

#include <string>
#include <string_view>

namespace focusd {

std::string UriEncode(std::string_view s, bool keep_slash = false);

}  // namespace focusd
