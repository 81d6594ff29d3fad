#include "focus/gzip_integrity.h"

#include <zlib.h>

#include <cstdio>
#include <vector>

namespace focusd {

Status CheckGzipIntact(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IoError(path + ": cannot open the file");
  z_stream zs{};
  // 16 + MAX_WBITS: gzip framing, which makes inflate verify each member's CRC-32 and length.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    std::fclose(f);
    return Status::Internal("zlib: cannot initialize");
  }
  std::vector<unsigned char> in(1 << 18), out(1 << 20);
  int ret = Z_OK;
  bool member_done = false, any = false;
  for (;;) {
    if (zs.avail_in == 0) {
      zs.avail_in = static_cast<uInt>(std::fread(in.data(), 1, in.size(), f));
      zs.next_in = in.data();
      if (zs.avail_in == 0) break;
      any = true;
    }
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    ret = inflate(&zs, Z_NO_FLUSH);
    member_done = false;
    if (ret == Z_STREAM_END) {
      member_done = true;
      // Another member may follow (concatenated gzip files are one valid gzip file).
      if (inflateReset(&zs) != Z_OK) break;
      continue;
    }
    if (ret != Z_OK && ret != Z_BUF_ERROR) break;
  }
  std::fclose(f);
  inflateEnd(&zs);
  if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT || ret == Z_MEM_ERROR)
    return Status::DataLoss(path + ": corrupt gzip data (" + (zs.msg ? zs.msg : "inflate error") + ")");
  if (!any || !member_done)
    return Status::DataLoss(path + ": truncated gzip file: the compressed data ends before the "
                                   "end of the stream (an incomplete download?)");
  return Status::Ok();
}

}  // namespace focusd
