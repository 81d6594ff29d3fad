// RFC 4648 §5 base64url without padding: the encoding of JWT (RFC 7515) segments.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace focusd {

std::string Base64UrlEncode(std::string_view bytes);
// nullopt for a character outside the alphabet or an impossible length; padding is accepted.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace focusd
