// SQL predicates for FOCUS value formats, over one VARCHAR column reference (already quoted,
// e.g. "\"BilledCost\""). Every predicate is TRUE for NULL (nullability is a separate rule)
// and never NULL itself, so rules can combine them with NOT/AND/OR safely.
#pragma once

#include <string>
#include <vector>

namespace focusd {

// NumericFormat: integer, decimal or E notation; no '+', no thousands separators, no units.
std::string SqlNumericFormat(const std::string& col);
// A finite decimal value (what TypeDecimal / CheckDecimalValue ask).
std::string SqlDecimalValue(const std::string& col);
// DateTimeFormat: exactly YYYY-MM-DDTHH:mm:ssZ, and a real calendar moment.
std::string SqlDateTimeFormat(const std::string& col);
// A date/time of any common rendering ("2024-09-01 00:00:00", with or without Z/offset):
// what TypeDateTime asks; the strict format is SqlDateTimeFormat.
std::string SqlDateTimeValue(const std::string& col);
// CurrencyFormat: an ISO 4217 code (national currency) or, for virtual currency, a string
// that does not look like a three-letter code. "usd" or "XYZ" fail.
std::string SqlCurrencyFormat(const std::string& col);
// National currency: ISO 4217 code only.
std::string SqlNationalCurrency(const std::string& col);
// UnitFormat: "GB", "GB-Hours", "GB/Hour", "1000 Requests", "Requests/Second": words of letters
// and digits, an optional leading whole-number quantity, at most one '-' or '/' joining two
// unit parts.
std::string SqlUnitFormat(const std::string& col);
// KeyValueFormat: a JSON object whose values are not objects or arrays.
std::string SqlKeyValueFormat(const std::string& col);
// A JSON object (JsonObjectFormat).
std::string SqlJsonObject(const std::string& col);

// Variants over a typed staged column (`ref`, of staged type `type`, see staging.h): the same
// answer as the text variant over StagedTextExpr(ref, type), with the usual values decided
// from the typed value alone (a double in plain notation, a timestamp on a whole second);
// only the others are rendered as text and checked as such. For a VARCHAR column they are
// the text variants.
std::string SqlNumericFormatTyped(const std::string& ref, const std::string& type);
std::string SqlDecimalValueTyped(const std::string& ref, const std::string& type);
std::string SqlDateTimeFormatTyped(const std::string& ref, const std::string& type);
std::string SqlDateTimeValueTyped(const std::string& ref, const std::string& type);
// The value as a DOUBLE, NULL when its text is not a number: TRY_CAST(text AS DOUBLE).
std::string SqlDouble(const std::string& ref, const std::string& type);

// ISO 4217 codes from the embedded currency_codes.csv, sorted.
const std::vector<std::string>& CurrencyCodes();

}  // namespace focusd
