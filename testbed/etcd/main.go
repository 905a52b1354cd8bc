// Command etcd runs the etcd server; it only forwards to etcdmain so that the binary is built from
// the published go.etcd.io/etcd/server/v3 module at the version pinned in go.mod.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
