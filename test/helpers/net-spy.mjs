// Preloaded with `node --import` by tests: appends the address of every server socket the process binds
// (net, http, https: all are net.Server) to the file MESHCTL_NET_SPY names, one `host port` a line, so a
// test can check that a command listened on loopback only.
import {appendFileSync} from 'node:fs'
import net from 'node:net'

const file = process.env.MESHCTL_NET_SPY
if (file) {
  const listen = net.Server.prototype.listen
  net.Server.prototype.listen = function (...args) {
    this.once('listening', () => {
      const a = this.address()
      appendFileSync(file, typeof a === 'string' ? `pipe ${a}\n` : `${a?.address} ${a?.port}\n`)
    })
    return listen.apply(this, args)
  }
}
