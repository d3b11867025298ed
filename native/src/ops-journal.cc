// `rbd journal info|status` on Ceph: a journal's metadata (order, splay width, object sets, the
// registered clients and their commit positions) is the omap of its header object
// `journal.<journal id>` (cls_journal). This reads that omap as raw key/value pairs; TypeScript
// (src/backends/ceph/journal-omap.ts) decodes them.
#include "ops.h"

#include <rados/librados.h>

namespace rbdm {

namespace {

// Every omap pair of one object, 256 keys per round trip.
Val omapAll(rados_t c, const std::string& pool, const std::string& ns, const std::string& oid) {
  rados_ioctx_t io = nullptr;
  check(rados_ioctx_create(c, pool.c_str(), &io), "rados_ioctx_create");
  rados_ioctx_set_namespace(io, ns.c_str());
  Val out = Val::object();
  std::string after;
  int rc = 0;
  for (;;) {
    rados_read_op_t op = rados_create_read_op();
    rados_omap_iter_t it = nullptr;
    unsigned char more = 0;
    int prval = 0;
    rados_read_op_omap_get_vals2(op, after.c_str(), "", 256, &it, &more, &prval);
    rc = rados_read_op_operate(op, io, oid.c_str(), 0);
    if (rc >= 0 && prval < 0) rc = prval;
    size_t n = 0;
    if (rc >= 0) {
      char* key = nullptr;
      char* val = nullptr;
      size_t len = 0;
      while (rados_omap_get_next(it, &key, &val, &len) == 0 && key) {
        out.set(key, Val::buf(std::string(val ? val : "", len)));
        after = key;
        n++;
      }
    }
    if (it) rados_omap_get_end(it);
    rados_release_read_op(op);
    if (rc < 0 || !more || n == 0) break;
  }
  rados_ioctx_destroy(io);
  check(rc, "rados_read_op_omap_get_vals2");
  return out;
}

}  // namespace

void add_journal_ops(std::map<std::string, OpFn>& ops) {
  // (pool, namespace, object name) -> { key: Buffer }
  ops["omap_get_all"] = [](rados_t c, const Args& a) { return omapAll(c, a.str(0), a.str(1), a.str(2)); };
}

}  // namespace rbdm
