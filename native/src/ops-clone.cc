// Snapshot life cycle and layering: snap rename/protect/unprotect, clone, flatten, children and
// an image's parent. Arguments as in ops.cc: pool, namespace, image, ... ; results are plain
// value trees shaped in src/backends/ceph/clones.ts.
#include <cerrno>
#include <cstring>
#include <vector>

#include "ops.h"

namespace rbdm {

namespace {

Val linked(const rbd_linked_image_spec_t& s) {
  return Val::object()
      .set("pool", Val::of(s.pool_name))
      .set("pool_namespace", Val::of(s.pool_namespace))
      .set("image", Val::of(s.image_name))
      .set("id", Val::of(s.image_id))
      .set("trash", Val::of(s.trash));
}

// rbd_list_children3 of the image as opened (at a snapshot: that snapshot's children).
Val children(rbd_image_t img) {
  size_t max = 16;
  std::vector<rbd_linked_image_spec_t> specs;
  int rc;
  for (;;) {
    specs.assign(max, rbd_linked_image_spec_t{});
    rc = rbd_list_children3(img, specs.data(), &max);
    if (rc != -ERANGE) break;
  }
  check(rc, "rbd_list_children3");
  Val out = Val::array();
  for (size_t i = 0; i < max; i++) out.push(linked(specs[i]));
  rbd_linked_image_spec_list_cleanup(specs.data(), max);
  return out;
}

}  // namespace

void add_clone_ops(std::map<std::string, OpFn>& ops) {
  // args: pool, ns, image, src snap, dest snap
  ops["snap_rename"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), false);
    check(rbd_snap_rename(im.img, a.str(3).c_str(), a.str(4).c_str()), "rbd_snap_rename");
    return Val::null();
  };
  // args: pool, ns, image, snap, protect (bool)
  ops["snap_protect"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), false);
    if (a.flag(4)) check(rbd_snap_protect(im.img, a.str(3).c_str()), "rbd_snap_protect");
    else check(rbd_snap_unprotect(im.img, a.str(3).c_str()), "rbd_snap_unprotect");
    return Val::null();
  };
  // args: parent pool, parent ns, parent image, parent snap, child pool, child ns, child image,
  //       clone format (0 = the cluster's rbd_default_clone_format), features (-1 = default)
  ops["clone"] = [](rados_t c, const Args& a) {
    IoCtx parent(c, a.str(0), a.str(1));
    IoCtx child(c, a.str(4), a.str(5));
    rbd_image_options_t opts;
    rbd_image_options_create(&opts);
    if (a.i64(7) > 0) rbd_image_options_set_uint64(opts, RBD_IMAGE_OPTION_CLONE_FORMAT, a.u64(7));
    if (a.i64(8) >= 0) rbd_image_options_set_uint64(opts, RBD_IMAGE_OPTION_FEATURES, a.u64(8));
    int rc = rbd_clone3(parent.io, a.str(2).c_str(), a.str(3).c_str(), child.io, a.str(6).c_str(), opts);
    rbd_image_options_destroy(opts);
    check(rc, "rbd_clone3");
    return Val::null();
  };
  ops["flatten"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), false);
    check(rbd_flatten(im.img), "rbd_flatten");
    return Val::null();
  };
  // args: pool, ns, image, snap: the children of that snapshot
  ops["children"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), true, a.str(3));
    return children(im.img);
  };
  // args: pool, ns, image: the parent and overlap, null for an image that is not a clone
  ops["parent"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), true);
    rbd_linked_image_spec_t spec{};
    rbd_snap_spec_t snap{};
    int rc = rbd_get_parent(im.img, &spec, &snap);
    if (rc == -ENOENT) return Val::null();
    check(rc, "rbd_get_parent");
    uint64_t overlap = 0;
    rbd_get_overlap(im.img, &overlap);
    Val v = linked(spec);
    v.set("snapshot", Val::of(snap.name)).set("snap_id", Val::num(static_cast<int64_t>(snap.id)))
        .set("snap_namespace_type", Val::num(snap.namespace_type)).set("overlap", Val::num(static_cast<int64_t>(overlap)));
    rbd_linked_image_spec_cleanup(&spec);
    rbd_snap_spec_cleanup(&snap);
    return v;
  };
  // args: pool, ns, image, snap id: a trash snapshot's original name
  ops["snap_trash_name"] = [](rados_t c, const Args& a) {
    IoCtx io(c, a.str(0), a.str(1));
    Image im(io.io, a.str(2), true);
    char name[512] = {0};
    check(rbd_snap_get_trash_namespace(im.img, a.u64(3), name, sizeof(name)), "rbd_snap_get_trash_namespace");
    return Val::of(name);
  };
}

}  // namespace rbdm
