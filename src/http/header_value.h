// The canonical forms request signers (SigV4, Azure Shared Key) build headers from.
#pragma once

#include <string>

namespace focusd {

// ASCII lower case: header names compare case-insensitively.
std::string LowerAscii(std::string s);
// Trims a header value and folds each run of whitespace inside it to one space.
std::string FoldHeaderWhitespace(const std::string& value);

}  // namespace focusd
