// The thin C++ layer between Node and librbd/librados. Each operation runs on a worker thread,
// takes plain arguments and returns a small value tree; TypeScript does everything else
// (argument checks, errno -> message, shaping data).
#pragma once
#include <rados/librados.h>
#include <rbd/librbd.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rbdm {

// A JSON-like value built off the main thread and converted to JS on it.
struct Val {
  enum Type { Null, Bool, Num, Str, Buf, Arr, Obj } type = Null;
  bool b = false;
  double n = 0;
  std::string s;  // Str and Buf
  std::vector<Val> arr;
  std::vector<std::pair<std::string, Val>> obj;

  static Val null() { return Val(); }
  static Val of(bool v) { Val x; x.type = Bool; x.b = v; return x; }
  static Val of(double v) { Val x; x.type = Num; x.n = v; return x; }
  static Val num(int64_t v) { return of(static_cast<double>(v)); }
  static Val of(const std::string& v) { Val x; x.type = Str; x.s = v; return x; }
  static Val of(const char* v) { return of(std::string(v ? v : "")); }
  static Val buf(std::string v) { Val x; x.type = Buf; x.s = std::move(v); return x; }
  static Val array() { Val x; x.type = Arr; return x; }
  static Val object() { Val x; x.type = Obj; return x; }
  Val& set(const std::string& k, Val v) { obj.emplace_back(k, std::move(v)); return *this; }
  Val& push(Val v) { arr.push_back(std::move(v)); return *this; }
};

// One argument from JS: a string, number, boolean or the bytes of a Buffer.
struct Arg {
  enum Type { Str, Num, Bool, Buf } type = Str;
  std::string s;
  double n = 0;
  bool b = false;
};

// A librados/librbd failure: the negative errno and the C function that returned it.
struct Failure {
  int rc;
  std::string where;
};

struct Args {
  std::vector<Arg> v;
  const std::string& str(size_t i) const;
  int64_t i64(size_t i) const;
  uint64_t u64(size_t i) const;
  bool flag(size_t i) const;
  size_t size() const { return v.size(); }
};

// Throws Failure when rc < 0; returns rc otherwise.
int check(int rc, const char* where);

// An open pool (namespace set) and an open image, closed when they go out of scope; shared by
// every ops-*.cc file.
struct IoCtx {
  rados_ioctx_t io = nullptr;
  IoCtx(rados_t c, const std::string& pool, const std::string& ns) {
    check(rados_ioctx_create(c, pool.c_str(), &io), "rados_ioctx_create");
    rados_ioctx_set_namespace(io, ns.c_str());
  }
  ~IoCtx() { rados_ioctx_destroy(io); }
  IoCtx(const IoCtx&) = delete;
  IoCtx& operator=(const IoCtx&) = delete;
};

struct Image {
  rbd_image_t img = nullptr;
  Image(rados_ioctx_t io, const std::string& name, bool readOnly, const std::string& snap = "") {
    const char* at = snap.empty() ? nullptr : snap.c_str();
    if (readOnly) check(rbd_open_read_only(io, name.c_str(), &img, at), "rbd_open_read_only");
    else check(rbd_open(io, name.c_str(), &img, at), "rbd_open");
  }
  ~Image() { rbd_close(img); }
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
};

using OpFn = std::function<Val(rados_t, const Args&)>;
const std::map<std::string, OpFn>& operations();

// life: rename, trash, image-meta, lockers (ops-lifecycle.cc)
void add_lifecycle_ops(std::map<std::string, OpFn>& ops);

}  // namespace rbdm
