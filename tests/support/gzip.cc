#include "support/gzip.h"

#include <zlib.h>

namespace focusd::testing {

std::string Gzip(const std::string& data, bool finish) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // 16: gzip wrapper
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, finish ? Z_FINISH : Z_SYNC_FLUSH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace focusd::testing
