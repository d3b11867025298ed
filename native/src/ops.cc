// The operation table: one small function per librados/librbd call sequence. Arguments arrive
// in a fixed order per operation (pool ops: pool, namespace, ...; image ops: pool, namespace,
// image, ...); the TypeScript wrapper in src/backends/ceph/native.ts is the only caller.
#include "ops.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>

namespace rbdm {

void add_clone_ops(std::map<std::string, OpFn>& ops);

const std::string& Args::str(size_t i) const {
  if (i >= v.size()) throw Failure{-EINVAL, "missing argument " + std::to_string(i)};
  return v[i].s;
}
int64_t Args::i64(size_t i) const {
  if (i >= v.size()) throw Failure{-EINVAL, "missing argument " + std::to_string(i)};
  if (v[i].type == Arg::Num) return static_cast<int64_t>(v[i].n);
  if (v[i].type == Arg::Bool) return v[i].b ? 1 : 0;
  return std::stoll(v[i].s);
}
uint64_t Args::u64(size_t i) const { return static_cast<uint64_t>(i64(i)); }
bool Args::flag(size_t i) const { return i < v.size() && (v[i].type == Arg::Bool ? v[i].b : i64(i) != 0); }

int check(int rc, const char* where) {
  if (rc < 0) throw Failure{rc, where};
  return rc;
}

void add_journal_ops(std::map<std::string, OpFn>& ops);  // ops-journal.cc

namespace {

// Calls fill(buf, &len) with a growing buffer while it answers -ERANGE; returns the bytes used.
template <typename F>
std::string grow(F fill, const char* where, size_t start = 256) {
  std::string buf(start, '\0');
  for (int attempt = 0; attempt < 16; attempt++) {
    size_t len = buf.size();
    int rc = fill(&buf[0], &len);
    if (rc == -ERANGE) {
      buf.assign(std::max(len, buf.size() * 2), '\0');
      continue;
    }
    check(rc, where);
    buf.resize(std::min(len, buf.size()));
    return buf;
  }
  throw Failure{-ERANGE, where};
}

std::string cstr(const std::string& s) { return std::string(s.c_str()); }

// "a\0b\0" -> ["a", "b"]
std::vector<std::string> split0(const char* p, size_t len) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < len) {
    size_t n = strnlen(p + i, len - i);
    if (n > 0) out.emplace_back(p + i, n);
    i += n + 1;
  }
  return out;
}

Val strings(const std::vector<std::string>& v) {
  Val a = Val::array();
  for (const auto& s : v) a.push(Val::of(s));
  return a;
}

double ms(const timespec& ts) { return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6; }

Val siteStatus(const rbd_mirror_image_site_status_t& s) {
  return Val::object()
      .set("mirror_uuid", Val::of(s.mirror_uuid))
      .set("state", Val::num(s.state))
      .set("description", Val::of(s.description))
      .set("last_update", Val::num(static_cast<int64_t>(s.last_update)))
      .set("up", Val::of(s.up));
}

Val mirrorInfo(const rbd_mirror_image_info_t& i) {
  return Val::object()
      .set("global_id", Val::of(i.global_id))
      .set("state", Val::num(i.state))
      .set("primary", Val::of(i.primary));
}

Val globalStatus(const rbd_mirror_image_global_status_t& g) {
  Val sites = Val::array();
  for (uint32_t i = 0; i < g.site_statuses_count; i++) sites.push(siteStatus(g.site_statuses[i]));
  return Val::object().set("name", Val::of(g.name)).set("info", mirrorInfo(g.info)).set("sites", std::move(sites));
}

Val commandResult(int rc, char* out, size_t outLen, char* status, size_t statusLen) {
  Val v = Val::object()
              .set("rc", Val::num(rc))
              .set("out", Val::of(std::string(out ? out : "", out ? outLen : 0)))
              .set("status", Val::of(std::string(status ? status : "", status ? statusLen : 0)));
  if (out) rados_buffer_free(out);
  if (status) rados_buffer_free(status);
  return v;
}

using ClusterFn = std::function<Val(rados_t, const Args&)>;
using PoolFn = std::function<Val(rados_t, rados_ioctx_t, const Args&)>;
using ImageFn = std::function<Val(rados_t, rados_ioctx_t, rbd_image_t, const Args&)>;

// Pool operations: args[0] pool, args[1] namespace.
OpFn pool(PoolFn f) {
  return [f](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    return f(c, io.io, a);
  };
}
// Image operations: args[0] pool, args[1] namespace, args[2] image.
OpFn image(bool readOnly, ImageFn f) {
  return [f, readOnly](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), readOnly);
    return f(c, io.io, im.img, a);
  };
}

// Image data operations at a snapshot: args[3] is the snapshot name ('' = the head).
OpFn imageAtSnap(ImageFn f) {
  return [f](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), true, a.str(3));
    return f(c, io.io, im.img, a);
  };
}

Val snapList(rbd_image_t img) {
  int max = 16;
  std::vector<rbd_snap_info_t> snaps;
  int n;
  for (;;) {
    snaps.assign(max, rbd_snap_info_t{});
    n = rbd_snap_list(img, snaps.data(), &max);
    if (n != -ERANGE) break;
  }
  check(n, "rbd_snap_list");
  Val out = Val::array();
  for (int i = 0; i < n; i++) {
    const auto& s = snaps[i];
    Val v = Val::object().set("id", Val::num(s.id)).set("name", Val::of(s.name)).set("size", Val::num(s.size));
    int prot = 0;
    v.set("protected", Val::of(rbd_snap_is_protected(img, s.name, &prot) == 0 && prot != 0));
    timespec ts{};
    v.set("timestamp", Val::of(rbd_snap_get_timestamp(img, s.id, &ts) == 0 ? ms(ts) : 0.0));
    rbd_snap_namespace_type_t type = RBD_SNAP_NAMESPACE_TYPE_USER;
    rbd_snap_get_namespace_type(img, s.id, &type);
    v.set("namespace_type", Val::num(type));
    if (type == RBD_SNAP_NAMESPACE_TYPE_TRASH) {  // snapl: a removed parent snapshot kept for its clones
      char original[512] = {0};
      if (rbd_snap_get_trash_namespace(img, s.id, original, sizeof(original)) == 0) v.set("trash_original_name", Val::of(original));
    }
    if (type == RBD_SNAP_NAMESPACE_TYPE_MIRROR) {
      rbd_snap_mirror_namespace_t ns{};
      if (rbd_snap_get_mirror_namespace(img, s.id, &ns, sizeof(ns)) == 0) {
        Val peers = Val::array();
        const char* p = ns.mirror_peer_uuids;
        for (size_t k = 0; p && k < ns.mirror_peer_uuids_count; k++) {
          peers.push(Val::of(p));
          p += strlen(p) + 1;
        }
        v.set("mirror", Val::object()
                            .set("state", Val::num(ns.state))
                            .set("mirror_peer_uuids", std::move(peers))
                            .set("complete", Val::of(ns.complete))
                            .set("primary_mirror_uuid", Val::of(ns.primary_mirror_uuid))
                            .set("primary_snap_id", Val::num(ns.primary_snap_id))
                            .set("last_copied_object_number", Val::num(ns.last_copied_object_number)));
        rbd_snap_mirror_namespace_cleanup(&ns, sizeof(ns));
      }
    }
    out.push(std::move(v));
  }
  rbd_snap_list_end(snaps.data());
  return out;
}

int noProgress(uint64_t, uint64_t, void*) { return 0; }

struct Extent { uint64_t off, len; bool exists; };
int collectExtent(uint64_t off, size_t len, int exists, void* arg) {
  static_cast<std::vector<Extent>*>(arg)->push_back({off, len, exists != 0});
  return 0;
}

std::map<std::string, OpFn> build() {
  std::map<std::string, OpFn> ops;
  add_clone_ops(ops);  // ops-clone.cc
  add_journal_ops(ops);

  // ---- cluster ----
  ops["fsid"] = [](rados_t c, const Args&) {
    char buf[64] = {0};
    check(rados_cluster_fsid(c, buf, sizeof(buf)), "rados_cluster_fsid");
    return Val::of(buf);
  };
  ops["conf_get"] = [](rados_t c, const Args& a) {
    std::string buf(4096, '\0');
    for (;;) {
      int rc = rados_conf_get(c, a.str(0).c_str(), &buf[0], buf.size());
      if (rc == -ENAMETOOLONG && buf.size() < (1u << 20)) { buf.assign(buf.size() * 4, '\0'); continue; }
      check(rc, "rados_conf_get");
      return Val::of(cstr(buf));
    }
  };
  ops["mon_command"] = [](rados_t c, const Args& a) {
    const char* cmd[] = {a.str(0).c_str()};
    const std::string& in = a.size() > 1 ? a.str(1) : std::string();
    char *out = nullptr, *status = nullptr;
    size_t outLen = 0, statusLen = 0;
    int rc = rados_mon_command(c, cmd, 1, in.data(), in.size(), &out, &outLen, &status, &statusLen);
    return commandResult(rc, out, outLen, status, statusLen);
  };
  ops["mgr_command"] = [](rados_t c, const Args& a) {
    const char* cmd[] = {a.str(0).c_str()};
    const std::string& in = a.size() > 1 ? a.str(1) : std::string();
    char *out = nullptr, *status = nullptr;
    size_t outLen = 0, statusLen = 0;
    int rc = rados_mgr_command(c, cmd, 1, in.data(), in.size(), &out, &outLen, &status, &statusLen);
    return commandResult(rc, out, outLen, status, statusLen);
  };
  ops["pool_list"] = [](rados_t c, const Args&) {
    std::string buf(4096, '\0');
    for (;;) {
      int rc = check(rados_pool_list(c, &buf[0], buf.size()), "rados_pool_list");
      if (static_cast<size_t>(rc) > buf.size()) { buf.assign(rc, '\0'); continue; }
      return strings(split0(buf.data(), rc));
    }
  };
  ops["pool_lookup"] = [](rados_t c, const Args& a) {
    int64_t id = rados_pool_lookup(c, a.str(0).c_str());
    if (id < 0) throw Failure{static_cast<int>(id), "rados_pool_lookup"};
    return Val::num(id);
  };
  ops["site_name_get"] = [](rados_t c, const Args&) {
    return Val::of(cstr(grow([&](char* b, size_t* l) { return rbd_mirror_site_name_get(c, b, l); }, "rbd_mirror_site_name_get")));
  };
  ops["site_name_set"] = [](rados_t c, const Args& a) {
    check(rbd_mirror_site_name_set(c, a.str(0).c_str()), "rbd_mirror_site_name_set");
    return Val::null();
  };

  // ---- pools and namespaces (args: pool, namespace, ...) ----
  ops["pool_init"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    check(rbd_pool_init(io, a.flag(2)), "rbd_pool_init");
    return Val::null();
  });
  ops["namespace_list"] = pool([](rados_t, rados_ioctx_t io, const Args&) {
    std::string buf = grow([&](char* b, size_t* l) { return rbd_namespace_list(io, b, l); }, "rbd_namespace_list", 1024);
    return strings(split0(buf.data(), buf.size()));
  });
  ops["namespace_exists"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    bool exists = false;
    check(rbd_namespace_exists(io, a.str(2).c_str(), &exists), "rbd_namespace_exists");
    return Val::of(exists);
  });
  ops["namespace_create"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    check(rbd_namespace_create(io, a.str(2).c_str()), "rbd_namespace_create");
    return Val::null();
  });

  // ---- pool mirroring ----
  ops["mirror_mode_get"] = pool([](rados_t, rados_ioctx_t io, const Args&) {
    rbd_mirror_mode_t mode = RBD_MIRROR_MODE_DISABLED;
    check(rbd_mirror_mode_get(io, &mode), "rbd_mirror_mode_get");
    return Val::num(mode);
  });
  ops["mirror_mode_set"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    check(rbd_mirror_mode_set(io, static_cast<rbd_mirror_mode_t>(a.i64(2))), "rbd_mirror_mode_set");
    return Val::null();
  });
  ops["mirror_uuid_get"] = pool([](rados_t, rados_ioctx_t io, const Args&) {
    return Val::of(cstr(grow([&](char* b, size_t* l) { return rbd_mirror_uuid_get(io, b, l); }, "rbd_mirror_uuid_get", 64)));
  });
  ops["peer_list"] = pool([](rados_t, rados_ioctx_t io, const Args&) {
    int max = 8;
    std::vector<rbd_mirror_peer_site_t> peers;
    int rc;
    for (;;) {
      peers.assign(max, rbd_mirror_peer_site_t{});
      int n = max;
      rc = rbd_mirror_peer_site_list(io, peers.data(), &n);
      if (rc == -ERANGE) { max = std::max(n, max * 2); continue; }
      check(rc, "rbd_mirror_peer_site_list");
      max = n;
      break;
    }
    Val out = Val::array();
    for (int i = 0; i < max; i++) {
      const auto& p = peers[i];
      out.push(Val::object()
                   .set("uuid", Val::of(p.uuid))
                   .set("direction", Val::num(p.direction))
                   .set("site_name", Val::of(p.site_name))
                   .set("mirror_uuid", Val::of(p.mirror_uuid))
                   .set("client_name", Val::of(p.client_name))
                   .set("last_seen", Val::num(static_cast<int64_t>(p.last_seen))));
    }
    rbd_mirror_peer_site_list_cleanup(peers.data(), max);
    return out;
  });
  ops["peer_add"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    char uuid[128] = {0};
    check(rbd_mirror_peer_site_add(io, uuid, sizeof(uuid), static_cast<rbd_mirror_peer_direction_t>(a.i64(2)),
                                   a.str(3).c_str(), a.str(4).c_str()),
          "rbd_mirror_peer_site_add");
    return Val::of(uuid);
  });
  ops["peer_remove"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    check(rbd_mirror_peer_site_remove(io, a.str(2).c_str()), "rbd_mirror_peer_site_remove");
    return Val::null();
  });
  ops["peer_set_client"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    check(rbd_mirror_peer_site_set_client_name(io, a.str(2).c_str(), a.str(3).c_str()), "rbd_mirror_peer_site_set_client_name");
    return Val::null();
  });
  ops["peer_set_name"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    check(rbd_mirror_peer_site_set_name(io, a.str(2).c_str(), a.str(3).c_str()), "rbd_mirror_peer_site_set_name");
    return Val::null();
  });
  ops["peer_set_direction"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    check(rbd_mirror_peer_site_set_direction(io, a.str(2).c_str(), static_cast<rbd_mirror_peer_direction_t>(a.i64(3))),
          "rbd_mirror_peer_site_set_direction");
    return Val::null();
  });
  ops["peer_get_attributes"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    size_t keyLen = 1024, valLen = 4096, count = 0;
    std::string keys, vals;
    int rc;
    for (int attempt = 0; attempt < 8; attempt++) {
      keys.assign(keyLen, '\0');
      vals.assign(valLen, '\0');
      rc = rbd_mirror_peer_site_get_attributes(io, a.str(2).c_str(), &keys[0], &keyLen, &vals[0], &valLen, &count);
      if (rc != -ERANGE) break;
      keyLen = std::max(keyLen, keys.size() * 2);
      valLen = std::max(valLen, vals.size() * 2);
    }
    check(rc, "rbd_mirror_peer_site_get_attributes");
    auto k = split0(keys.data(), std::min(keyLen, keys.size()));
    auto v = split0(vals.data(), std::min(valLen, vals.size()));
    Val out = Val::object();
    for (size_t i = 0; i < k.size() && i < v.size(); i++) out.set(k[i], Val::of(v[i]));
    return out;
  });
  ops["peer_set_attributes"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    std::string keys, vals;
    size_t n = 0;
    for (size_t i = 3; i + 1 < a.size(); i += 2, n++) {
      keys += a.str(i); keys.push_back('\0');
      vals += a.str(i + 1); vals.push_back('\0');
    }
    check(rbd_mirror_peer_site_set_attributes(io, a.str(2).c_str(), keys.data(), vals.data(), n),
          "rbd_mirror_peer_site_set_attributes");
    return Val::null();
  });
  ops["bootstrap_create"] = pool([](rados_t, rados_ioctx_t io, const Args&) {
    return Val::of(cstr(grow([&](char* b, size_t* l) { return rbd_mirror_peer_bootstrap_create(io, b, l); },
                             "rbd_mirror_peer_bootstrap_create", 1024)));
  });
  ops["bootstrap_import"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    check(rbd_mirror_peer_bootstrap_import(io, static_cast<rbd_mirror_peer_direction_t>(a.i64(2)), a.str(3).c_str()),
          "rbd_mirror_peer_bootstrap_import");
    return Val::null();
  });

  // ---- images in a pool ----
  ops["image_list"] = pool([](rados_t, rados_ioctx_t io, const Args&) {
    size_t max = 64;
    std::vector<rbd_image_spec_t> specs;
    int rc;
    for (;;) {
      specs.assign(max, rbd_image_spec_t{});
      size_t n = max;
      rc = rbd_list2(io, specs.data(), &n);
      if (rc == -ERANGE) { max = std::max(n, max * 2); continue; }
      check(rc, "rbd_list2");
      max = n;
      break;
    }
    Val out = Val::array();
    for (size_t i = 0; i < max; i++) out.push(Val::object().set("id", Val::of(specs[i].id)).set("name", Val::of(specs[i].name)));
    rbd_image_spec_list_cleanup(specs.data(), max);
    return out;
  });
  // args: pool, ns, name, size, order, features, data pool ('' = none), mirror image mode (-1 = none)
  ops["image_create"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    rbd_image_options_t opts;
    rbd_image_options_create(&opts);
    std::unique_ptr<void, void (*)(void*)> guard(opts, [](void* o) { rbd_image_options_destroy(o); });
    check(rbd_image_options_set_uint64(opts, RBD_IMAGE_OPTION_FORMAT, 2), "rbd_image_options_set_uint64");
    check(rbd_image_options_set_uint64(opts, RBD_IMAGE_OPTION_ORDER, a.u64(4)), "rbd_image_options_set_uint64");
    check(rbd_image_options_set_uint64(opts, RBD_IMAGE_OPTION_FEATURES, a.u64(5)), "rbd_image_options_set_uint64");
    if (!a.str(6).empty()) check(rbd_image_options_set_string(opts, RBD_IMAGE_OPTION_DATA_POOL, a.str(6).c_str()), "rbd_image_options_set_string");
    if (a.i64(7) >= 0) check(rbd_image_options_set_uint64(opts, RBD_IMAGE_OPTION_MIRROR_IMAGE_MODE, a.u64(7)), "rbd_image_options_set_uint64");
    check(rbd_create4(io, a.str(2).c_str(), a.u64(3), opts), "rbd_create4");
    return Val::null();
  });
  ops["image_remove"] = pool([](rados_t, rados_ioctx_t io, const Args& a) {
    check(rbd_remove(io, a.str(2).c_str()), "rbd_remove");
    return Val::null();
  });

  // ---- mirror status of a pool (paged) ----
  ops["mirror_status_list"] = pool([](rados_t, rados_ioctx_t io, const Args&) {
    const size_t page = 256;
    std::string start;
    Val out = Val::array();
    for (;;) {
      std::vector<char*> ids(page, nullptr);
      std::vector<rbd_mirror_image_global_status_t> st(page);
      size_t n = 0;
      check(rbd_mirror_image_global_status_list(io, start.c_str(), page, ids.data(), st.data(), &n),
            "rbd_mirror_image_global_status_list");
      for (size_t i = 0; i < n; i++) {
        Val v = globalStatus(st[i]);
        v.set("id", Val::of(ids[i]));
        out.push(std::move(v));
      }
      if (n > 0) start = ids[n - 1];
      rbd_mirror_image_global_status_list_cleanup(ids.data(), st.data(), n);
      if (n < page) return out;
    }
  });
  ops["mirror_info_list"] = pool([](rados_t, rados_ioctx_t io, const Args&) {
    const size_t page = 256;
    std::string start;
    Val out = Val::array();
    for (;;) {
      std::vector<char*> ids(page, nullptr);
      std::vector<rbd_mirror_image_mode_t> modes(page);
      std::vector<rbd_mirror_image_info_t> infos(page);
      size_t n = 0;
      check(rbd_mirror_image_info_list(io, nullptr, start.c_str(), page, ids.data(), modes.data(), infos.data(), &n),
            "rbd_mirror_image_info_list");
      for (size_t i = 0; i < n; i++) {
        Val v = mirrorInfo(infos[i]);
        v.set("id", Val::of(ids[i])).set("mode", Val::num(modes[i]));
        out.push(std::move(v));
      }
      if (n > 0) start = ids[n - 1];
      rbd_mirror_image_info_list_cleanup(ids.data(), infos.data(), n);
      if (n < page) return out;
    }
  });
  ops["mirror_instance_list"] = pool([](rados_t, rados_ioctx_t io, const Args&) {
    const size_t page = 256;
    std::string start;
    Val out = Val::object();
    for (;;) {
      std::vector<char*> ids(page, nullptr), instances(page, nullptr);
      size_t n = 0;
      check(rbd_mirror_image_instance_id_list(io, start.c_str(), page, ids.data(), instances.data(), &n),
            "rbd_mirror_image_instance_id_list");
      for (size_t i = 0; i < n; i++) out.set(ids[i], Val::of(instances[i]));
      if (n > 0) start = ids[n - 1];
      rbd_mirror_image_instance_id_list_cleanup(ids.data(), instances.data(), n);
      if (n < page) return out;
    }
  });

  // ---- one image (args: pool, namespace, image, ...) ----
  ops["image_info"] = image(true, [](rados_t c, rados_ioctx_t io, rbd_image_t img, const Args&) {
    rbd_image_info_t st{};
    check(rbd_stat(img, &st, sizeof(st)), "rbd_stat");
    uint64_t features = 0, opFeatures = 0, flags = 0;
    check(rbd_get_features(img, &features), "rbd_get_features");
    rbd_get_op_features(img, &opFeatures);
    rbd_get_flags(img, &flags);
    char id[128] = {0}, prefix[128] = {0};
    rbd_get_id(img, id, sizeof(id));
    rbd_get_block_name_prefix(img, prefix, sizeof(prefix));
    timespec created{}, accessed{}, modified{};
    rbd_get_create_timestamp(img, &created);
    rbd_get_access_timestamp(img, &accessed);
    rbd_get_modify_timestamp(img, &modified);
    Val v = Val::object()
                .set("id", Val::of(id))
                .set("size", Val::num(st.size))
                .set("order", Val::num(st.order))
                .set("object_size", Val::num(st.obj_size))
                .set("object_count", Val::num(st.num_objs))
                .set("features", Val::num(features))
                .set("op_features", Val::num(opFeatures))
                .set("flags", Val::num(flags))
                .set("block_name_prefix", Val::of(prefix))
                .set("create_timestamp", Val::of(ms(created)))
                .set("access_timestamp", Val::of(ms(accessed)))
                .set("modify_timestamp", Val::of(ms(modified)));
    int64_t dataPool = rbd_get_data_pool_id(img);
    if (dataPool >= 0 && dataPool != rados_ioctx_get_id(io)) {
      char name[256] = {0};
      if (rados_pool_reverse_lookup(c, dataPool, name, sizeof(name)) >= 0) v.set("data_pool", Val::of(name));
    }
    v.set("snapshot_count", Val::num(static_cast<int64_t>(snapList(img).arr.size())));
    rbd_mirror_image_info_t mi{};
    if (rbd_mirror_image_get_info(img, &mi, sizeof(mi)) == 0) {
      Val m = mirrorInfo(mi);
      rbd_mirror_image_get_info_cleanup(&mi);
      rbd_mirror_image_mode_t mode = RBD_MIRROR_IMAGE_MODE_JOURNAL;
      m.set("mode", Val::num(rbd_mirror_image_get_mode(img, &mode) == 0 ? mode : -1));
      v.set("mirror", std::move(m));
    }
    return v;
  });
  ops["update_features"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    check(rbd_update_features(img, a.u64(3), a.flag(4) ? 1 : 0), "rbd_update_features");
    return Val::null();
  });
  ops["snap_list"] = image(true, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args&) { return snapList(img); });
  ops["snap_create"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    check(rbd_snap_create2(img, a.str(3).c_str(), 0, noProgress, nullptr), "rbd_snap_create2");
    return Val::null();
  });
  ops["snap_remove"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    check(rbd_snap_remove(img, a.str(3).c_str()), "rbd_snap_remove");
    return Val::null();
  });

  // ---- image mirroring ----
  ops["mirror_enable"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    check(rbd_mirror_image_enable2(img, static_cast<rbd_mirror_image_mode_t>(a.i64(3))), "rbd_mirror_image_enable2");
    return Val::null();
  });
  ops["mirror_disable"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    check(rbd_mirror_image_disable(img, a.flag(3)), "rbd_mirror_image_disable");
    return Val::null();
  });
  ops["mirror_promote"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    check(rbd_mirror_image_promote(img, a.flag(3)), "rbd_mirror_image_promote");
    return Val::null();
  });
  ops["mirror_demote"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args&) {
    check(rbd_mirror_image_demote(img), "rbd_mirror_image_demote");
    return Val::null();
  });
  ops["mirror_resync"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args&) {
    check(rbd_mirror_image_resync(img), "rbd_mirror_image_resync");
    return Val::null();
  });
  ops["mirror_get_info"] = image(true, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args&) {
    rbd_mirror_image_info_t info{};
    check(rbd_mirror_image_get_info(img, &info, sizeof(info)), "rbd_mirror_image_get_info");
    Val v = mirrorInfo(info);
    rbd_mirror_image_get_info_cleanup(&info);
    rbd_mirror_image_mode_t mode = RBD_MIRROR_IMAGE_MODE_JOURNAL;
    v.set("mode", Val::num(rbd_mirror_image_get_mode(img, &mode) == 0 ? mode : -1));
    return v;
  });
  ops["mirror_snapshot"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args&) {
    uint64_t id = 0;
    check(rbd_mirror_image_create_snapshot(img, &id), "rbd_mirror_image_create_snapshot");
    return Val::num(id);
  });
  ops["mirror_global_status"] = image(true, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args&) {
    rbd_mirror_image_global_status_t st{};
    check(rbd_mirror_image_get_global_status(img, &st, sizeof(st)), "rbd_mirror_image_get_global_status");
    Val v = globalStatus(st);
    rbd_mirror_image_global_status_cleanup(&st);
    // Also the image mode and the owning daemon instance, which rbd shows beside the status.
    rbd_mirror_image_mode_t mode = RBD_MIRROR_IMAGE_MODE_JOURNAL;
    v.set("mode", Val::num(rbd_mirror_image_get_mode(img, &mode) == 0 ? mode : -1));
    char instance[128] = {0};
    size_t len = sizeof(instance);
    v.set("instance_id", Val::of(rbd_mirror_image_get_instance_id(img, instance, &len) == 0 ? instance : ""));
    return v;
  });

  // ---- image data ----
  // args: ..., snap, offset, length
  ops["image_read"] = imageAtSnap([](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    std::string buf(a.u64(5), '\0');
    ssize_t n = rbd_read2(img, a.u64(4), buf.size(), &buf[0], 0);
    if (n < 0) throw Failure{static_cast<int>(n), "rbd_read2"};
    buf.resize(n);
    return Val::buf(std::move(buf));
  });
  // args: ..., snap -> {size, object_size}
  ops["image_layout"] = imageAtSnap([](rados_t, rados_ioctx_t, rbd_image_t img, const Args&) {
    rbd_image_info_t st{};
    check(rbd_stat(img, &st, sizeof(st)), "rbd_stat");
    return Val::object().set("size", Val::num(st.size)).set("object_size", Val::num(st.obj_size));
  });
  // args: ..., offset1, data1, offset2, data2, ...: written in order, then flushed
  ops["image_write"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    int64_t total = 0;
    for (size_t i = 3; i + 1 < a.size(); i += 2) {
      const std::string& data = a.str(i + 1);
      ssize_t n = rbd_write2(img, a.u64(i), data.size(), data.data(), 0);
      if (n < 0) throw Failure{static_cast<int>(n), "rbd_write2"};
      total += n;
    }
    check(rbd_flush(img), "rbd_flush");
    return Val::num(total);
  });
  ops["image_flush"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args&) {
    check(rbd_flush(img), "rbd_flush");
    return Val::null();
  });
  // args: ..., size, allow shrink
  ops["image_resize"] = image(false, [](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    check(rbd_resize2(img, a.u64(3), a.flag(4), noProgress, nullptr), "rbd_resize2");
    return Val::null();
  });
  // args: ..., snap (the end point), from snapshot ('' = from creation), whole object
  ops["image_diff"] = imageAtSnap([](rados_t, rados_ioctx_t, rbd_image_t img, const Args& a) {
    uint64_t size = 0;
    check(rbd_get_size(img, &size), "rbd_get_size");
    std::vector<Extent> extents;
    const std::string& from = a.str(4);
    check(rbd_diff_iterate2(img, from.empty() ? nullptr : from.c_str(), 0, size, 1, a.flag(5) ? 1 : 0,
                            collectExtent, &extents),
          "rbd_diff_iterate2");
    Val out = Val::array();
    for (const auto& e : extents)
      out.push(Val::object().set("offset", Val::num(e.off)).set("length", Val::num(e.len)).set("exists", Val::of(e.exists)));
    return out;
  });
  add_lifecycle_ops(ops);
  return ops;
}

}  // namespace

const std::map<std::string, OpFn>& operations() {
  static const std::map<std::string, OpFn> ops = build();
  return ops;
}

}  // namespace rbdm
