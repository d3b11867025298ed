// The version both binaries report. Scripts match `ceph version 16.x`; the parenthesis, where
// Ceph puts its commit, names rbdm.
export const VERSION = '0.1.0';
export const VERSION_LINE = `ceph version 16.2.15 (rbdm ${VERSION}) pacific (stable)`;
