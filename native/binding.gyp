{
  "targets": [{
    "target_name": "rbdm_ceph",
    "sources": ["src/addon.cc", "src/ops.cc", "src/ops-lifecycle.cc", "src/ops-clone.cc", "src/ops-journal.cc"],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
    "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
    "cflags!": ["-fno-exceptions"],
    "cflags_cc!": ["-fno-exceptions"],
    "cflags_cc": ["-fexceptions", "-std=c++17", "-Wall", "-Wno-deprecated-declarations"],
    "libraries": ["-lrbd", "-lrados"]
  }]
}
