// Node-API entry points: connect(options) -> Promise<handle>, call(handle, op, args) -> Promise,
// shutdown(handle) -> Promise. Every librados/librbd call runs in an AsyncWorker on libuv's
// thread pool; the main thread only copies arguments in and converts results out.
#include <napi.h>

#include <cerrno>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "ops.h"

namespace rbdm {
namespace {

// A connected cluster handle; shut down once, by shutdown() or (as a last resort) never:
// rados_shutdown from a GC finalizer could block the main thread.
struct Conn {
  rados_t cluster = nullptr;
  bool closed = false;
  // Calls hold it shared while they run; shutdown takes it exclusively and waits for them.
  std::shared_mutex mu;
};
using ConnRef = std::shared_ptr<Conn>;

Napi::Value toJs(Napi::Env env, const Val& v) {
  switch (v.type) {
    case Val::Null: return env.Null();
    case Val::Bool: return Napi::Boolean::New(env, v.b);
    case Val::Num: return Napi::Number::New(env, v.n);
    case Val::Str: return Napi::String::New(env, v.s);
    case Val::Buf: return Napi::Buffer<char>::Copy(env, v.s.data(), v.s.size());
    case Val::Arr: {
      auto a = Napi::Array::New(env, v.arr.size());
      for (uint32_t i = 0; i < v.arr.size(); i++) a.Set(i, toJs(env, v.arr[i]));
      return a;
    }
    case Val::Obj: {
      auto o = Napi::Object::New(env);
      for (const auto& kv : v.obj) o.Set(kv.first, toJs(env, kv.second));
      return o;
    }
  }
  return env.Null();
}

// Runs `work` off the main thread and settles a promise with its value or {errno, op} error.
class Worker : public Napi::AsyncWorker {
 public:
  Worker(Napi::Env env, std::function<Val()> work, std::function<Napi::Value(Napi::Env, Val&)> done = nullptr)
      : Napi::AsyncWorker(env, "rbdm:ceph"), deferred_(Napi::Promise::Deferred::New(env)),
        work_(std::move(work)), done_(std::move(done)) {}
  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      result_ = work_();
    } catch (const Failure& f) {
      failed_ = true; rc_ = f.rc; where_ = f.where;
    } catch (const std::exception& e) {
      failed_ = true; rc_ = -EIO; where_ = e.what();
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (failed_) {
      auto err = Napi::Error::New(env, where_ + ": errno " + std::to_string(-rc_));
      err.Set("errno", Napi::Number::New(env, -rc_));
      err.Set("op", Napi::String::New(env, where_));
      deferred_.Reject(err.Value());
      return;
    }
    deferred_.Resolve(done_ ? done_(env, result_) : toJs(env, result_));
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::function<Val()> work_;
  std::function<Napi::Value(Napi::Env, Val&)> done_;
  Val result_;
  bool failed_ = false;
  int rc_ = 0;
  std::string where_;
};

std::string optString(const Napi::Object& o, const char* key) {
  auto v = o.Get(key);
  return v.IsString() ? v.As<Napi::String>().Utf8Value() : std::string();
}

ConnRef* unwrap(const Napi::Value& v) {
  if (!v.IsExternal()) return nullptr;
  return v.As<Napi::External<ConnRef>>().Data();
}

// connect({cluster, name, conf, keyring, keyfile, monHost, overrides: {k: v}})
Napi::Value Connect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) {
    Napi::TypeError::New(env, "connect(options)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto o = info[0].As<Napi::Object>();
  std::string cluster = optString(o, "cluster"), name = optString(o, "name"), conf = optString(o, "conf");
  std::vector<std::pair<std::string, std::string>> settings;
  for (const char* k : {"keyring", "keyfile"}) {
    auto v = optString(o, k);
    if (!v.empty()) settings.emplace_back(k, v);
  }
  auto mon = optString(o, "monHost");
  if (!mon.empty()) settings.emplace_back("mon_host", mon);
  auto ov = o.Get("overrides");
  if (ov.IsObject()) {
    auto obj = ov.As<Napi::Object>();
    auto keys = obj.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); i++) {
      auto k = keys.Get(i).As<Napi::String>().Utf8Value();
      settings.emplace_back(k, obj.Get(k).ToString().Utf8Value());
    }
  }
  auto conn = std::make_shared<Conn>();
  auto* w = new Worker(env, [=]() -> Val {
    rados_t c = nullptr;
    check(rados_create2(&c, cluster.c_str(), name.c_str(), 0), "rados_create2");
    try {
      // No -c: librados searches $CEPH_CONF, /etc/ceph/$cluster.conf, ~/.ceph/, ./ like rbd.
      // Like rbd, no config file at all is fine when the rest comes from -m/--keyring/CEPH_ARGS.
      int rc = rados_conf_read_file(c, conf.empty() ? nullptr : conf.c_str());
      if (rc < 0 && !(rc == -ENOENT && conf.empty())) throw Failure{rc, "rados_conf_read_file"};
      // librados/librbd log lines would go to stderr beside our one `rbd:` line: off unless asked for
      // (--log-to-stderr / --err-to-stderr / CEPH_ARGS come later and win).
      rados_conf_set(c, "log_to_stderr", "false");
      rados_conf_set(c, "err_to_stderr", "false");
      check(rados_conf_parse_env(c, nullptr), "rados_conf_parse_env");
      for (const auto& kv : settings) {
        int rc = rados_conf_set(c, kv.first.c_str(), kv.second.c_str());
        if (rc < 0) throw Failure{rc, "rados_conf_set " + kv.first};
      }
      check(rados_connect(c), "rados_connect");
    } catch (...) {
      rados_shutdown(c);
      throw;
    }
    conn->cluster = c;
    return Val::null();
  }, [conn](Napi::Env env, Val&) -> Napi::Value {
    return Napi::External<ConnRef>::New(env, new ConnRef(conn), [](Napi::Env, ConnRef* p) { delete p; });
  });
  auto p = w->promise();
  w->Queue();
  return p;
}

// call(handle, op, [args...])
Napi::Value Call(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ConnRef* ref = unwrap(info[0]);
  if (!ref || !info[1].IsString() || !info[2].IsArray()) {
    Napi::TypeError::New(env, "call(handle, op, args)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string op = info[1].As<Napi::String>().Utf8Value();
  auto it = operations().find(op);
  if (it == operations().end()) {
    Napi::TypeError::New(env, "unknown operation " + op).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Args args;
  auto arr = info[2].As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Value v = arr.Get(i);
    Arg a;
    if (v.IsBuffer()) {
      auto b = v.As<Napi::Buffer<char>>();
      a.type = Arg::Buf; a.s.assign(b.Data(), b.Length());
    } else if (v.IsNumber()) {
      a.type = Arg::Num; a.n = v.As<Napi::Number>().DoubleValue();
    } else if (v.IsBoolean()) {
      a.type = Arg::Bool; a.b = v.As<Napi::Boolean>().Value();
    } else {
      a.type = Arg::Str; a.s = v.ToString().Utf8Value();
    }
    args.v.push_back(std::move(a));
  }
  ConnRef conn = *ref;
  OpFn fn = it->second;
  auto* w = new Worker(env, [conn, fn, args, op]() -> Val {
    std::shared_lock<std::shared_mutex> lock(conn->mu);
    if (conn->closed || !conn->cluster) throw Failure{-ESHUTDOWN, op};
    return fn(conn->cluster, args);
  });
  auto p = w->promise();
  w->Queue();
  return p;
}

Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ConnRef* ref = unwrap(info[0]);
  if (!ref) {
    Napi::TypeError::New(env, "shutdown(handle)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  ConnRef conn = *ref;
  auto* w = new Worker(env, [conn]() -> Val {
    std::unique_lock<std::shared_mutex> lock(conn->mu);
    if (conn->closed) return Val::null();
    conn->closed = true;
    if (conn->cluster) rados_shutdown(conn->cluster);
    return Val::null();
  });
  auto p = w->promise();
  w->Queue();
  return p;
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  int maj, min, extra;
  rbd_version(&maj, &min, &extra);
  return Napi::String::New(info.Env(), std::to_string(maj) + "." + std::to_string(min) + "." + std::to_string(extra));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("connect", Napi::Function::New(env, Connect));
  exports.Set("call", Napi::Function::New(env, Call));
  exports.Set("shutdown", Napi::Function::New(env, Shutdown));
  exports.Set("librbdVersion", Napi::Function::New(env, Version));
  auto ops = Napi::Array::New(env);
  uint32_t i = 0;
  for (const auto& kv : operations()) ops.Set(i++, Napi::String::New(env, kv.first));
  exports.Set("operations", ops);
  return exports;
}

}  // namespace
}  // namespace rbdm

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return rbdm::Init(env, exports); }
NODE_API_MODULE(rbdm_ceph, InitModule)
