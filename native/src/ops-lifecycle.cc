// life: the image life cycle over librbd: rename, the pool trash, image-meta and the lockers.
// Arguments: pool, namespace, then the image name (image ops) or the operation's own.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "ops.h"

namespace rbdm {
namespace {

// "a\0b\0" -> ["a", "b"] (empty strings kept: a cookie or tag may be empty)
std::vector<std::string> fields(const std::string& buf, size_t len) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < len) {
    size_t n = strnlen(buf.data() + i, len - i);
    out.emplace_back(buf.data() + i, n);
    i += n + 1;
  }
  return out;
}

}  // namespace

void add_lifecycle_ops(std::map<std::string, OpFn>& ops) {
  // args: pool, namespace, image, new name
  ops["image_rename"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    check(rbd_rename(io.io, a.str(2).c_str(), a.str(3).c_str()), "rbd_rename");
    return Val::null();
  };
  // args: pool, namespace, image, delay seconds
  ops["trash_move"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    check(rbd_trash_move(io.io, a.str(2).c_str(), a.u64(3)), "rbd_trash_move");
    return Val::null();
  };
  ops["trash_list"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    size_t n = 16;
    std::vector<rbd_trash_image_info_t> entries;
    for (;;) {
      entries.assign(n, rbd_trash_image_info_t{});
      size_t got = n;
      int rc = rbd_trash_list(io.io, entries.data(), &got);
      if (rc == -ERANGE) { n = std::max(got, n * 2); continue; }
      check(rc, "rbd_trash_list");
      n = static_cast<size_t>(rc);
      break;
    }
    Val out = Val::array();
    for (size_t i = 0; i < n; i++) {
      const auto& e = entries[i];
      out.push(Val::object()
                   .set("id", Val::of(e.id))
                   .set("name", Val::of(e.name))
                   .set("source", Val::num(e.source))
                   .set("deletion_time", Val::num(static_cast<int64_t>(e.deletion_time)))
                   .set("deferment_end_time", Val::num(static_cast<int64_t>(e.deferment_end_time))));
    }
    rbd_trash_list_cleanup(entries.data(), n);
    return out;
  };
  // args: pool, namespace, id, name
  ops["trash_restore"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    check(rbd_trash_restore(io.io, a.str(2).c_str(), a.str(3).c_str()), "rbd_trash_restore");
    return Val::null();
  };
  // args: pool, namespace, id, force
  ops["trash_remove"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    check(rbd_trash_remove(io.io, a.str(2).c_str(), a.flag(3)), "rbd_trash_remove");
    return Val::null();
  };
  // args: pool, namespace, expired before (unix s), threshold (-1 = none)
  ops["trash_purge"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    double threshold = a.v.size() > 3 && a.v[3].type == Arg::Num ? a.v[3].n : -1.0;
    check(rbd_trash_purge(io.io, static_cast<time_t>(a.i64(2)), static_cast<float>(threshold)), "rbd_trash_purge");
    return Val::null();
  };
  // args: pool, namespace, image
  ops["metadata_list"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), true);
    size_t keyLen = 4096, valLen = 16384;
    std::string keys, vals;
    for (int attempt = 0; attempt < 16; attempt++) {
      keys.assign(keyLen, '\0');
      vals.assign(valLen, '\0');
      size_t kl = keyLen, vl = valLen;
      int rc = rbd_metadata_list(im.img, "", 0, &keys[0], &kl, &vals[0], &vl);
      if (rc == -ERANGE) { keyLen = std::max(kl, keyLen * 2); valLen = std::max(vl, valLen * 2); continue; }
      check(rc, "rbd_metadata_list");
      std::vector<std::string> k = fields(keys, kl), v = fields(vals, vl);
      Val out = Val::object();
      for (size_t i = 0; i < k.size() && i < v.size(); i++) {
        if (!k[i].empty()) out.set(k[i], Val::of(v[i]));
      }
      return out;
    }
    throw Failure{-ERANGE, "rbd_metadata_list"};
  };
  // args: pool, namespace, image, key
  ops["metadata_get"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), true);
    size_t len = 4096;
    std::string buf;
    for (int attempt = 0; attempt < 16; attempt++) {
      buf.assign(len, '\0');
      size_t got = len;
      int rc = rbd_metadata_get(im.img, a.str(3).c_str(), &buf[0], &got);
      if (rc == -ERANGE) { len = std::max(got, len * 2); continue; }
      check(rc, "rbd_metadata_get");
      return Val::of(std::string(buf.c_str()));
    }
    throw Failure{-ERANGE, "rbd_metadata_get"};
  };
  // args: pool, namespace, image, key, value
  ops["metadata_set"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), false);
    check(rbd_metadata_set(im.img, a.str(3).c_str(), a.str(4).c_str()), "rbd_metadata_set");
    return Val::null();
  };
  // args: pool, namespace, image, key
  ops["metadata_remove"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), false);
    check(rbd_metadata_remove(im.img, a.str(3).c_str()), "rbd_metadata_remove");
    return Val::null();
  };
  // args: pool, namespace, image -> {exclusive, tag, lockers: [{locker, id, address}]}
  ops["list_lockers"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), true);
    size_t size = 1024;
    for (int attempt = 0; attempt < 16; attempt++) {
      std::string tag(size, '\0'), clients(size, '\0'), cookies(size, '\0'), addrs(size, '\0');
      size_t tl = size, cl = size, kl = size, al = size;
      int exclusive = 0;
      ssize_t n = rbd_list_lockers(im.img, &exclusive, &tag[0], &tl, &clients[0], &cl, &cookies[0], &kl, &addrs[0], &al);
      if (n == -ERANGE) { size = std::max({tl, cl, kl, al, size * 2}); continue; }
      check(static_cast<int>(n), "rbd_list_lockers");
      Val lockers = Val::array();
      if (n > 0) {
        std::vector<std::string> who = fields(clients, cl), ids = fields(cookies, kl), where = fields(addrs, al);
        for (ssize_t i = 0; i < n && static_cast<size_t>(i) < who.size(); i++) {
          lockers.push(Val::object()
                           .set("locker", Val::of(who[i]))
                           .set("id", Val::of(static_cast<size_t>(i) < ids.size() ? ids[i] : std::string()))
                           .set("address", Val::of(static_cast<size_t>(i) < where.size() ? where[i] : std::string())));
        }
      }
      return Val::object()
          .set("exclusive", Val::of(exclusive != 0))
          .set("tag", Val::of(std::string(tag.c_str())))
          .set("lockers", std::move(lockers));
    }
    throw Failure{-ERANGE, "rbd_list_lockers"};
  };
}

}  // namespace rbdm
